using Rntk.Kernels;
using Rntk.Gram;

namespace Rntk.Tests.Gram;

public class GramTilingTests
{
    [Theory]
    [InlineData(1, 1, true, 64)]
    [InlineData(130, 130, true, 64)]
    [InlineData(37, 37, true, 5)]
    [InlineData(10, 23, false, 4)]
    [InlineData(64, 65, false, 64)]
    public void TilesCoverEachEntryOnceOnOrAboveTheDiagonal(int rows, int columns, bool symmetric, int size)
    {
        var count = new int[rows, columns];
        var tiles = GramTiling.Plan(rows, columns, symmetric, size);
        foreach (var t in tiles)
        {
            Assert.InRange(t.RowCount, 1, size);
            Assert.InRange(t.ColumnCount, 1, size);
            if (symmetric) Assert.True(t.ColumnStart >= t.RowStart, $"{t} lies below the diagonal");
            for (int i = t.RowStart; i < t.RowEnd; i++)
                for (int j = t.ColumnStart; j < t.ColumnEnd; j++)
                {
                    count[i, j]++;
                    if (symmetric && !t.IsDiagonal(true)) count[j, i]++; // the sink's transpose
                }
        }
        foreach (var c in count) Assert.Equal(1, c);
        Assert.Equal(symmetric ? (long)rows * (rows + 1) / 2 : (long)rows * columns, tiles.Sum(t => t.Pairs(symmetric)));
        // The plan never depends on anything but its arguments (thread counts do not enter).
        Assert.Equal(tiles, GramTiling.Plan(rows, columns, symmetric, size));
    }

    [Theory]
    [InlineData(1000, 1000, true, 64)]   // 136 tiles at 64
    [InlineData(330, 330, true, 64)]     // 6 tile rows: 21 tiles
    [InlineData(200, 200, true, 32)]     // 10 tiles at 64, 28 at 32
    [InlineData(40, 40, true, 16)]       // BeetleFly stacked: 1 tile at 64, 6 at 16
    [InlineData(20, 20, true, 16)]       // floor: 3 tiles, but no smaller than one lane block
    [InlineData(20, 500, false, 32)]     // 8 tiles at 64, 16 at 32
    [InlineData(1, 1, true, 16)]
    public void SmallGramsGetSmallerTilesSoEveryCoreWorks(int rows, int columns, bool symmetric, int expected)
    {
        int size = GramTiling.SizeFor(rows, columns, symmetric);
        Assert.Equal(expected, size);
        if (size > GramTiling.MinimumAutoTileSize) Assert.True(GramTiling.Plan(rows, columns, symmetric, size).Length >= GramTiling.MinimumAutoTiles);
        if (size < GramTiling.DefaultTileSize) Assert.True(GramTiling.Plan(rows, columns, symmetric, size * 2).Length < GramTiling.MinimumAutoTiles);
    }

    [Fact]
    public void AutomaticTilesGiveTheSameBitsAsTheDefaultTile()
    {
        // 40 series: 1 tile of 64, 6 of 16. The engines compute an entry the same way in any tile.
        var cfg = new Rntk.Kernels.KernelConfig(2, 1.2, 0.8, 0.3, 0.5, 1.0, Rntk.Kernels.Activation.Relu, readout: Rntk.Kernels.Readout.AveragePooling);
        var ps = new PreparedSet(cfg, TestData.RandomSet(40, 2, 11, seed: 4));
        var auto = SimdGram.Compute(ps, null, GramOptions.Default, null, default);
        var whole = SimdGram.Compute(ps, null, new GramOptions { TileSize = GramTiling.DefaultTileSize }, null, default);
        GramAssert.BitIdentical(whole.Rntk, auto.Rntk, "RNTK");
        GramAssert.BitIdentical(whole.Nngp, auto.Nngp, "NNGP");
    }

    [Fact]
    public void RejectsBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GramTiling.Plan(3, 3, true, 0));
        Assert.Throws<ArgumentException>(() => GramTiling.Plan(3, 4, true));
    }

    [Fact]
    public void ReferenceTileEngineEqualsReferenceGram()
    {
        var cfg = new Rntk.Kernels.KernelConfig(2, 1.2, 0.8, 0.3, 0.5, 1.0, Rntk.Kernels.Activation.Tanh);
        var ps = new PreparedSet(cfg, TestData.RandomSet(9, 2, 5, seed: 9));
        var expected = ReferenceGram.Compute(ps, null, GramOptions.Default, null, default);
        var sink = new KernelMatrixSink(9, 9, symmetric: true);
        GramTileDriver.Run(new ReferenceTileEngine(ps, null), sink, new GramOptions { TileSize = 4 }, null, default);
        GramAssert.BitIdentical(expected.Rntk, sink.Rntk, "RNTK");
        GramAssert.BitIdentical(expected.Nngp, sink.Nngp, "NNGP");
    }

    [Fact]
    public void TheReferenceWorkerStopsBetweenRowsWhenCancelled()
    {
        // A tanh tile of long series takes minutes on the reference engine; cancelling must not wait for the tile.
        var cfg = TestData.A().With(activation: Activation.Tanh);
        var ps = new PreparedSet(cfg, TestData.RandomSet(6, 3, 5, seed: 8));
        var worker = new ReferenceTileEngine(ps, null).CreateWorker();
        var tile = new GramTile(0, 6, 0, 6);
        var r = Enumerable.Repeat(double.NaN, 36).ToArray();
        var n = Enumerable.Repeat(double.NaN, 36).ToArray();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        worker.Compute(tile, r, n, cts.Token);
        Assert.All(r, v => Assert.True(double.IsNaN(v)));   // nothing computed
        worker.Compute(tile, r, n, CancellationToken.None);
        Assert.All(r, v => Assert.True(double.IsFinite(v)));
        // The driver turns a stop into OperationCanceledException, never a sink call with an incomplete tile.
        var sink = new KernelMatrixSink(6, 6, symmetric: true);
        Assert.ThrowsAny<OperationCanceledException>(() =>
            GramTileDriver.Run(new ReferenceTileEngine(ps, null), sink, new GramOptions { TileSize = 6 }, null, cts.Token));
    }
}
