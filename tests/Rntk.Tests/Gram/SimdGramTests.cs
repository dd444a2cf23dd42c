using Rntk.Data;
using Rntk.Gram;
using Rntk.Kernels;

namespace Rntk.Tests.Gram;

/// <summary>The SIMD engine against the reference recursion (the single source of truth).</summary>
public class SimdGramTests
{
    private const double Tol = 1e-12;

    public static TheoryData<string, int, string, bool, bool> Configurations()
    {
        var d = new TheoryData<string, int, string, bool, bool>();
        foreach (var act in new[] { "relu", "erf" })
            foreach (int L in new[] { 1, 2, 3 })
                foreach (var readout in new[] { "last", "average" })
                {
                    d.Add(act, L, readout, false, false);
                    d.Add(act, L, readout, true, L == 2); // bidirectional, with a shared h0 once per readout
                }
        return d;
    }

    private static KernelConfig Config(string act, int layers, string readout, bool bidirectional, bool shared) =>
        new(layers, 1.3, 0.9, 0.25, 0.45, 1.1, Activation.Parse(act),
            readout == "last" ? Readout.LastStep : Readout.AveragePooling,
            bidirectional ? Direction.Bidirectional : Direction.Forward,
            shared ? InitialState.Shared : InitialState.Independent);

    [Theory]
    [MemberData(nameof(Configurations))]
    public void SymmetricGramMatchesReferenceOnMixedLengths(string act, int layers, string readout, bool bi, bool shared)
    {
        var cfg = Config(act, layers, readout, bi, shared);
        // 37 sequences: not a multiple of any lane count; lengths 1..14 so that lanes start at different steps.
        var set = TestData.RandomSet(37, 1, 14, m: layers == 2 ? 2 : 1, seed: 11 + layers);
        var ps = new PreparedSet(cfg, set);
        var reference = ReferenceGram.Compute(ps, null, GramOptions.Default, null, default);
        var simd = SimdGram.Compute(ps, null, new GramOptions { TileSize = 16 }, null, default);
        GramAssert.Close(reference.Rntk, simd.Rntk, GramAssert.Diagonal(reference.Rntk), GramAssert.Diagonal(reference.Rntk), Tol, $"{cfg} RNTK");
        GramAssert.Close(reference.Nngp, simd.Nngp, GramAssert.Diagonal(reference.Nngp), GramAssert.Diagonal(reference.Nngp), Tol, $"{cfg} NNGP");
        // The diagonal (a sequence with itself) is the reference recursion's own value, bit for bit.
        for (int i = 0; i < set.Count; i++)
        {
            Assert.Equal(reference.Rntk[i, i], simd.Rntk[i, i]);
            Assert.Equal(reference.Nngp[i, i], simd.Nngp[i, i]);
        }
    }

    [Theory]
    [InlineData("relu", 1, "last", false, false)]
    [InlineData("erf", 2, "last", true, true)]
    [InlineData("relu", 2, "average", true, false)]
    [InlineData("erf", 1, "average", false, true)]
    public void CrossGramMatchesReference(string act, int layers, string readout, bool bi, bool shared)
    {
        var cfg = Config(act, layers, readout, bi, shared);
        var rows = new PreparedSet(cfg, TestData.RandomSet(21, 2, 12, seed: 5), "row");
        var cols = new PreparedSet(cfg, TestData.RandomSet(13, 1, 16, seed: 6), "column");
        var reference = ReferenceGram.Compute(rows, cols, GramOptions.Default, null, default);
        var simd = SimdGram.Compute(rows, cols, new GramOptions { TileSize = 8 }, null, default);
        var k = new RntkKernel(cfg);
        double[] rSelfR = rows.Sequences.Select(s => k.EvaluateSelf(s).Rntk).ToArray(), cSelfR = cols.Sequences.Select(s => k.EvaluateSelf(s).Rntk).ToArray();
        double[] rSelfN = rows.Sequences.Select(s => k.EvaluateSelf(s).Nngp).ToArray(), cSelfN = cols.Sequences.Select(s => k.EvaluateSelf(s).Nngp).ToArray();
        GramAssert.Close(reference.Rntk, simd.Rntk, rSelfR, cSelfR, Tol, $"{cfg} cross RNTK");
        GramAssert.Close(reference.Nngp, simd.Nngp, rSelfN, cSelfN, Tol, $"{cfg} cross NNGP");
    }

    [Fact]
    public void ReluEntriesAreRelativelyExactWithoutAnyFloor()
    {
        // ReLU kernels of these inputs are positive and well away from zero: plain relative error, no floor.
        var cfg = new KernelConfig(2, Math.Sqrt(2), 0.5, 0.1, 0.3, 1.0);
        var ps = new PreparedSet(cfg, TestData.RandomSet(40, 5, 30, seed: 21));
        var reference = ReferenceGram.Compute(ps, null, GramOptions.Default, null, default);
        var simd = SimdGram.Compute(ps, null, GramOptions.Default, null, default);
        for (int k = 0; k < reference.Rntk.Data.Length; k++)
        {
            TestData.AssertRelative(reference.Rntk.Data[k], simd.Rntk.Data[k], Tol, $"RNTK entry {k}");
            TestData.AssertRelative(reference.Nngp.Data[k], simd.Nngp.Data[k], Tol, $"NNGP entry {k}");
        }
    }

    [Fact]
    public void GunPointSubsetMatchesReference()
    {
        // Real data with the peer benchmark's hyper-parameters: 48 series of length 150, train rows then test rows.
        string dir = TestPaths.RequireUcr();
        var seqs = UcrTsvReader.ReadRows(Path.Combine(dir, "GunPoint", "GunPoint_TRAIN.tsv")).Take(24)
            .Concat(UcrTsvReader.ReadRows(Path.Combine(dir, "GunPoint", "GunPoint_TEST.tsv")).Take(24))
            .Select(r => Sequence.Univariate(r.Values)).ToList();
        foreach (int layers in new[] { 1, 2 })
        {
            var cfg = new KernelConfig(layers, Math.Sqrt(2), 0.5, 0.1, 0, 1);
            var ps = new PreparedSet(cfg, seqs);
            var reference = ReferenceGram.Compute(ps, null, GramOptions.Default, null, default);
            var simd = SimdGram.Compute(ps, null, GramOptions.Default, null, default);
            GramAssert.Close(reference.Rntk, simd.Rntk, GramAssert.Diagonal(reference.Rntk), GramAssert.Diagonal(reference.Rntk), Tol, $"GunPoint L={layers} RNTK");
            GramAssert.Close(reference.Nngp, simd.Nngp, GramAssert.Diagonal(reference.Nngp), GramAssert.Diagonal(reference.Nngp), Tol, $"GunPoint L={layers} NNGP");
        }
    }

    [Fact]
    public void BitIdenticalWhateverThreadsTilesAndVectorWidth()
    {
        var cfg = new KernelConfig(2, 1.2, 0.8, 0.3, 0.5, 1.0, Activation.Erf, Readout.LastStep, Direction.Bidirectional);
        var ps = new PreparedSet(cfg, TestData.RandomSet(45, 2, 20, seed: 3));
        var baseline = SimdGram.Compute(ps, null, new GramOptions { MaxDegreeOfParallelism = 1 }, null, default);
        foreach (var o in new[]
        {
            new GramOptions { MaxDegreeOfParallelism = 2 },
            new GramOptions { MaxDegreeOfParallelism = 3, TileSize = 7 },
            new GramOptions { TileSize = 16, VectorBits = 128 },
            new GramOptions { TileSize = 32, VectorBits = 256 },
            new GramOptions { VectorBits = 512, TileSize = 5 },
        })
        {
            var g = SimdGram.Compute(ps, null, o, null, default);
            GramAssert.BitIdentical(baseline.Rntk, g.Rntk, $"RNTK with {o}");
            GramAssert.BitIdentical(baseline.Nngp, g.Nngp, $"NNGP with {o}");
        }
        foreach (int bits in new[] { 128, 256, 512 })
        {
            // One vector per step instead of two interleaved.
            var sink = new KernelMatrixSink(45, 45, symmetric: true);
            GramTileDriver.Run(new SimdGram(ps, null, bits, interleave: 1, divisionFreeRelu: false), sink, new GramOptions { TileSize = 9 }, null, default);
            GramAssert.BitIdentical(baseline.Rntk, sink.Rntk, $"RNTK, {bits} bits, no interleave");
        }
    }

    [Theory]
    [InlineData("last")]
    [InlineData("average")]
    public void EntriesDoNotDependOnWhichSequenceIsTheRow(string readout)
    {
        // The engine puts the shorter sequence of a pair in the row on diagonal tiles and the lower index on
        // others; k(x, y) must have the same bits either way (erf has the one asymmetric sum of the reference).
        var cfg = Config("erf", 2, readout, bidirectional: false, shared: false);
        var a = new PreparedSet(cfg, TestData.RandomSet(19, 2, 11, seed: 31));
        var b = new PreparedSet(cfg, TestData.RandomSet(12, 2, 11, seed: 32));
        var ab = SimdGram.Compute(a, b, new GramOptions { TileSize = 8 }, null, default);
        var ba = SimdGram.Compute(b, a, new GramOptions { TileSize = 8 }, null, default);
        for (int i = 0; i < 19; i++)
            for (int j = 0; j < 12; j++)
            {
                Assert.Equal(ab.Rntk[i, j], ba.Rntk[j, i]);
                Assert.Equal(ab.Nngp[i, j], ba.Nngp[j, i]);
            }
    }

    [Fact]
    public void AWorkerReusedAcrossDiagonalAndOffDiagonalTilesStaysCorrect()
    {
        // Regression: a worker that computed a diagonal tile once aliased its row and column orders.
        var cfg = new KernelConfig(1, 1.2, 0.8, 0.3, 0.5, 1.0);
        var ps = new PreparedSet(cfg, TestData.RandomSet(20, 2, 9, seed: 13));
        var reference = ReferenceGram.Compute(ps, null, GramOptions.Default, null, default);
        var worker = new SimdGram(ps).CreateWorker();
        var r = new double[100];
        var n = new double[100];
        foreach (var tile in new[] { new GramTile(0, 10, 0, 10), new GramTile(0, 10, 10, 10), new GramTile(10, 10, 10, 10), new GramTile(0, 10, 10, 10) })
        {
            worker.Compute(tile, r, n);
            for (int i = 0; i < 10; i++)
                for (int j = 0; j < 10; j++)
                    TestData.AssertRelative(reference.Rntk[tile.RowStart + i, tile.ColumnStart + j], r[i * 10 + j], Tol, $"{tile} ({i}, {j})");
        }
    }

    [Fact]
    public void ResultIsSymmetric()
    {
        var cfg = new KernelConfig(1, 1.1, 1.0, 0.2, 0.0, 1.0, Activation.Relu, Readout.AveragePooling);
        var g = new RntkKernel(cfg).Gram(TestData.RandomSet(30, 3, 9, seed: 8), new GramOptions { Engine = GramEngineKind.Simd, TileSize = 8 });
        for (int i = 0; i < 30; i++)
            for (int j = 0; j < 30; j++) Assert.Equal(g.Rntk[i, j], g.Rntk[j, i]);
    }

    [Fact]
    public void AutoUsesSimdForClosedFormsAndReferenceForQuadrature()
    {
        var set = TestData.RandomSet(6, 3, 5, seed: 2);
        var relu = new RntkKernel(new KernelConfig()).Gram(set);
        Assert.StartsWith("cpu-simd", relu.Engine);
        var tanh = new RntkKernel(new KernelConfig(activation: Activation.Tanh)).Gram(set);
        Assert.StartsWith("cpu-reference", tanh.Engine);
        Assert.Contains("tanh", tanh.Engine);
        var e = Assert.Throws<NotSupportedException>(() =>
            new RntkKernel(new KernelConfig(activation: Activation.Tanh)).Gram(set, new GramOptions { Engine = GramEngineKind.Simd }));
        Assert.Contains("tanh", e.Message);
    }

    [Fact]
    public void RejectsUnknownVectorWidth()
    {
        var ps = new PreparedSet(new KernelConfig(), TestData.RandomSet(3, 2, 3));
        var e = Assert.Throws<ArgumentException>(() => new SimdGram(ps, null, 1024));
        Assert.Contains("1024", e.Message);
    }

    [Fact]
    public void ReportsProgressToTheEnd()
    {
        var ps = new PreparedSet(new KernelConfig(), TestData.RandomSet(50, 2, 6, seed: 4));
        var seen = new List<GramProgress>();
        var progress = new SyncProgress(p => { lock (seen) seen.Add(p); });
        SimdGram.Compute(ps, null, new GramOptions { TileSize = 8 }, progress, default);
        Assert.Equal(50L * 51 / 2, seen.Max(p => p.PairsDone));
        Assert.All(seen, p => Assert.Equal(50L * 51 / 2, p.PairsTotal));
    }

    [Fact]
    public void HonoursCancellation()
    {
        var ps = new PreparedSet(new KernelConfig(), TestData.RandomSet(100, 20, 30, seed: 4));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => SimdGram.Compute(ps, null, new GramOptions { TileSize = 8 }, null, cts.Token));
    }

    private sealed class SyncProgress(Action<GramProgress> f) : IProgress<GramProgress>
    {
        public void Report(GramProgress value) => f(value);
    }
}
