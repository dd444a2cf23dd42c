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
}
