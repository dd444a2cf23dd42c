using Rntk.Data;
using Rntk.Gpu;
using Rntk.Gram;
using Rntk.Kernels;

namespace Rntk.Tests.Gpu;

/// <summary>
/// The GPU kernel, run by ILGPU's CPU accelerator, against the reference engine (the single source of truth):
/// every entry to 1e-12 relative, exact symmetry, diagonal exact, several bands. Sizes are small: the CPU
/// accelerator emulates GPU threads and is slow.
/// </summary>
public class IlgpuGramTests
{
    /// <summary>One engine for the class (its ILGPU context and compiled kernel are reused); 512-byte bands hold two or three rows, so every Gram here runs in several bands.</summary>
    internal static readonly IlgpuGramEngine SmallBands = new(bandBytes: 512);

    private static readonly GramOptions Reference = new() { Device = GramDevice.Cpu, Engine = GramEngineKind.Reference };

    private static (GramResult Gpu, GramResult Ref) Both(KernelConfig cfg, IReadOnlyList<Sequence> rows, IReadOnlyList<Sequence>? cols = null)
    {
        var r = new PreparedSet(cfg, rows, "row");
        var c = cols is null ? null : new PreparedSet(cfg, cols, "column", r.Channels);
        var gpu = SmallBands.Compute(r, c, GramDevice.IlgpuCpu, GramOptions.Default, null, default);
        var reference = GramEngines.Compute(r, c, Reference, null, default);
        return (gpu, reference);
    }

    private static void AssertClose(KernelMatrix expected, KernelMatrix actual, double tol, string what)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Columns, actual.Columns);
        for (int i = 0; i < expected.Rows; i++)
            for (int j = 0; j < expected.Columns; j++)
                TestData.AssertRelative(expected[i, j], actual[i, j], tol, $"{what} ({i}, {j})");
    }

    public static TheoryData<string, Readout, Direction, InitialState> Configs()
    {
        var d = new TheoryData<string, Readout, Direction, InitialState>();
        foreach (var name in new[] { "A", "B", "C" })
        {
            d.Add(name, Readout.LastStep, Direction.Forward, InitialState.Independent);
            d.Add(name, Readout.LastStep, Direction.Bidirectional, InitialState.Independent);
            d.Add(name, Readout.AveragePooling, Direction.Forward, InitialState.Independent);
        }
        d.Add("B", Readout.LastStep, Direction.Forward, InitialState.Shared);
        d.Add("C", Readout.AveragePooling, Direction.Bidirectional, InitialState.Shared);
        return d;
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void SymmetricGramWithMixedLengthsEqualsTheReference(string name, Readout readout, Direction direction, InitialState h0)
    {
        var cfg = TestData.Named(name, readout, direction).With(initialState: h0);
        // Mixed lengths (end alignment, §4) including equal ones (shared h0 meets itself only then).
        var set = TestData.RandomSet(14, 3, 12, seed: 11);
        var (gpu, reference) = Both(cfg, set);
        Assert.Equal(IlgpuGramEngine.IlgpuCpuName, gpu.Engine);
        AssertClose(reference.Rntk, gpu.Rntk, 1e-12, "RNTK");
        AssertClose(reference.Nngp, gpu.Nngp, 1e-12, "NNGP");
        for (int i = 0; i < set.Count; i++)
            for (int j = 0; j < i; j++)
            {
                Assert.Equal(gpu.Rntk[j, i], gpu.Rntk[i, j]);
                Assert.Equal(gpu.Nngp[j, i], gpu.Nngp[i, j]);
            }
    }

    [Theory]
    [InlineData("A")]
    [InlineData("B")]
    [InlineData("C")]
    public void ReproducesThePublishedReferenceValues(string name)
    {
        // docs/math.md §6: the two sequences of unequal length, and each with itself (diagonal, ρ = 1 in closed form).
        var (gpu, _) = Both(TestData.Named(name), [TestData.X, TestData.Xp]);
        var expect = name switch
        {
            "A" => new[] { 0.844657123009, 0.377696349092, 1.550848000000, 0.485912000000, 1.721620480000, 0.444774080000 },
            "B" => new[] { 1.050288690564, 0.439053652435, 2.147865600000, 0.534819520000, 2.873766604800, 0.593299648000 },
            _ => new[] { 2.940079811941, 0.663962332049, 8.503144792270, 1.206538028632, 10.194371818681, 1.185625972800 },
        };
        TestData.AssertRelative(expect[0], gpu.Rntk[0, 1], 1e-10, "RNTK(x,x')");
        TestData.AssertRelative(expect[1], gpu.Nngp[0, 1], 1e-10, "NNGP(x,x')");
        TestData.AssertRelative(expect[2], gpu.Rntk[0, 0], 1e-10, "RNTK(x,x)");
        TestData.AssertRelative(expect[3], gpu.Nngp[0, 0], 1e-10, "NNGP(x,x)");
        TestData.AssertRelative(expect[4], gpu.Rntk[1, 1], 1e-10, "RNTK(x',x')");
        TestData.AssertRelative(expect[5], gpu.Nngp[1, 1], 1e-10, "NNGP(x',x')");
    }

    [Fact]
    public void ReluDiagonalIsExact()
    {
        // §7 closed form (σb = σh = 0, L = 1, ReLU): K(x,x) = σv²σu²/(2m) Σ r^{T−t}‖x_t‖², Θ = … (T−t+2) r^{T−t}‖x_t‖²;
        // with r = 1/2 these sums are exact in binary, so the diagonal must be too (ρ = 1 in closed form, no arccos).
        var cfg = new KernelConfig(layers: 1, sigmaW: 1.0, sigmaU: 1.0, sigmaB: 0, sigmaH: 0);
        var x = Sequence.Univariate(1.0, -2.0, 0.5, 3.0);
        var (gpu, _) = Both(cfg, [x, Sequence.Univariate(0.25, 1.0)]);
        double k = 0, th = 0;
        for (int t = 1; t <= 4; t++)
        {
            double w = Math.Pow(0.5, 4 - t) * x[t - 1, 0] * x[t - 1, 0];
            k += w;
            th += (4 - t + 2) * w;
        }
        Assert.Equal(k / 2, gpu.Nngp[0, 0]);
        Assert.Equal(th / 2, gpu.Rntk[0, 0]);
    }

    [Fact]
    public void CrossGramOfMultivariateSetsEqualsTheReference()
    {
        var cfg = TestData.B(d: Direction.Bidirectional).With(layers: 3);
        var rows = TestData.RandomSet(7, 2, 9, m: 3, seed: 5);
        var cols = TestData.RandomSet(11, 1, 10, m: 3, seed: 6);
        var (gpu, reference) = Both(cfg, rows, cols);
        AssertClose(reference.Rntk, gpu.Rntk, 1e-12, "RNTK");
        AssertClose(reference.Nngp, gpu.Nngp, 1e-12, "NNGP");
    }

    [Fact]
    public void DeepestNetworkAndSingleStepSequencesEqualTheReference()
    {
        // L = MaxLayers (the most state a thread keeps), lengths 1..8 (a single step meets every other length).
        var cfg = TestData.A().With(layers: IlgpuGramEngine.MaxLayers, sigmaB: 0.1);
        var set = Enumerable.Range(1, 8).Select(t => TestData.RandomSet(1, t, t, seed: t)[0]).ToList();
        var (gpu, reference) = Both(cfg, set);
        AssertClose(reference.Rntk, gpu.Rntk, 1e-12, "RNTK");
        AssertClose(reference.Nngp, gpu.Nngp, 1e-12, "NNGP");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StreamingIntoASinkEqualsTheInMemoryGram(bool cross)
    {
        // Bands of 13 rows cut into 5×5 tiles: square diagonal tiles (lower triangles mirrored), tiles above them,
        // partial tiles at the edges, several bands; a sink that stores transposes, as the .npy sink does.
        var cfg = TestData.Named("B", Readout.LastStep, Direction.Bidirectional);
        var rowsSet = TestData.RandomSet(40, 2, 9, seed: 21);
        var colsSet = cross ? TestData.RandomSet(17, 3, 7, seed: 22) : null;
        using var engine = new IlgpuGramEngine(bandBytes: 2L * sizeof(double) * (cross ? 17 : 40) * 13, sinkTile: 5);
        var r = new PreparedSet(cfg, rowsSet, "row");
        var c = colsSet is null ? null : new PreparedSet(cfg, colsSet, "column");
        var inMemory = engine.Compute(r, c, GramDevice.IlgpuCpu, GramOptions.Default, null, default);
        var sink = new KernelMatrixSink(r.Count, c?.Count ?? r.Count, symmetric: !cross);
        var reports = new List<GramProgress>();
        string name = engine.ComputeTo(r, c, GramDevice.IlgpuCpu, sink, GramOptions.Default, new SyncProgress(reports.Add), default);
        Assert.Equal(IlgpuGramEngine.IlgpuCpuName, name);
        Assert.Equal(inMemory.Rntk.Data, sink.Rntk.Data);   // bit for bit: the same kernel, only filed differently
        Assert.Equal(inMemory.Nngp.Data, sink.Nngp.Data);
        Assert.True(engine.LastTimes!.Bands > 1, "several bands");
        long pairs = cross ? 40L * 17 : 40L * 41 / 2;
        Assert.Equal(pairs, reports[^1].PairsDone);
        var reference = GramEngines.Compute(r, c, Reference, null, default);
        AssertClose(reference.Rntk, sink.Rntk, 1e-12, "RNTK");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StagingKeptBetweenGramsServesLargerAndSmallerOnes(bool pageLocked)
    {
        // The engine keeps its page-locked staging between Grams and grows it when a band needs more: a small Gram,
        // a larger one (grows), then a small cross Gram (the larger, stale staging reused). The results are not zeroed
        // before the bands fill them, so an entry a band missed would show here as a wrong value.
        var cfg = TestData.Named("B", Readout.LastStep, Direction.Forward);
        using var engine = new IlgpuGramEngine(pageLockedStaging: pageLocked);
        foreach (var (n, cross, seed) in new[] { (4, false, 31), (23, false, 32), (5, true, 33) })
        {
            var r = new PreparedSet(cfg, TestData.RandomSet(n, 2, 8, seed: seed), "row");
            var c = cross ? new PreparedSet(cfg, TestData.RandomSet(3, 2, 6, seed: seed + 100), "column") : null;
            var gpu = engine.Compute(r, c, GramDevice.IlgpuCpu, GramOptions.Default, null, default);
            var reference = GramEngines.Compute(r, c, Reference, null, default);
            AssertClose(reference.Rntk, gpu.Rntk, 1e-12, $"RNTK n={n}");
            AssertClose(reference.Nngp, gpu.Nngp, 1e-12, $"NNGP n={n}");
            Assert.Equal(1, engine.LastTimes!.Bands);
            Assert.Equal(pageLocked, engine.LastTimes.PageLocked);
        }
    }

    [Fact]
    public void ReportsProgressForEveryPairOnce()
    {
        var cfg = TestData.A();
        var set = TestData.RandomSet(9, 2, 6, seed: 3);
        var reports = new List<GramProgress>();
        var p = new PreparedSet(cfg, set);
        SmallBands.Compute(p, null, GramDevice.IlgpuCpu, GramOptions.Default, new SyncProgress(reports.Add), default);
        Assert.True(reports.Count > 1, "several bands");
        Assert.Equal(9L * 10 / 2, reports[^1].PairsDone);
        Assert.Equal(9L * 10 / 2, reports[^1].PairsTotal);
        Assert.True(reports.Zip(reports.Skip(1)).All(z => z.Second.PairsDone > z.First.PairsDone));
    }

    [Fact]
    public void CancellationStopsBetweenBands()
    {
        var p = new PreparedSet(TestData.A(), TestData.RandomSet(6, 2, 4));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            SmallBands.Compute(p, null, GramDevice.IlgpuCpu, GramOptions.Default, null, cts.Token));
    }

    [Fact]
    public void UnsupportedConfigurationsAreNamed()
    {
        var tanh = new PreparedSet(new KernelConfig(activation: Activation.Tanh), [TestData.X]);
        Assert.Contains("tanh", SmallBands.WhyUnsupported(tanh, null));
        var deep = new PreparedSet(new KernelConfig(layers: IlgpuGramEngine.MaxLayers + 1), [TestData.X]);
        Assert.Contains("layers", SmallBands.WhyUnsupported(deep, null));
        Assert.Null(SmallBands.WhyUnsupported(new PreparedSet(TestData.C(), [TestData.X]), null));
        var e = Assert.Throws<NotSupportedException>(() =>
            SmallBands.Compute(tanh, null, GramDevice.IlgpuCpu, GramOptions.Default, null, default));
        Assert.Contains("tanh", e.Message);
    }

    private sealed class SyncProgress(Action<GramProgress> report) : IProgress<GramProgress>
    {
        public void Report(GramProgress value) => report(value);
    }
}
