using MathNet.Numerics.LinearAlgebra;
using Rntk.Data;
using Rntk.Gpu;
using Rntk.Gram;
using Rntk.Kernels;
using static Rntk.Tests.TestData;

namespace Rntk.Tests.Gram;

/// <summary>Gram matrices: equal to the pair API, symmetric, positive semi-definite, deterministic.</summary>
public class GramPropertyTests
{
    public static TheoryData<string, int, Readout, Direction, InitialState> Configs() => new()
    {
        { "relu", 1, Readout.LastStep, Direction.Forward, InitialState.Independent },
        { "relu", 3, Readout.LastStep, Direction.Forward, InitialState.Shared },
        { "erf", 2, Readout.LastStep, Direction.Bidirectional, InitialState.Independent },
        { "relu", 2, Readout.AveragePooling, Direction.Forward, InitialState.Independent },
        { "erf", 1, Readout.AveragePooling, Direction.Bidirectional, InitialState.Shared },
    };

    private static KernelConfig Cfg(string act, int layers, Readout r, Direction d, InitialState h) =>
        new(layers, 1.3, 0.9, 0.2, 0.6, 1.1, Activation.Parse(act), r, d, h);

    [Theory]
    [MemberData(nameof(Configs))]
    public void GramEntriesEqualPairValuesAndAreSymmetric(string act, int layers, Readout r, Direction d, InitialState h)
    {
        var k = new RntkKernel(Cfg(act, layers, r, d, h));
        var set = RandomSet(9, 1, 14, m: 2, seed: 3);
        // The reference engine runs the pair recursion itself: bit-identical to the pair API. The default engine
        // (SIMD lanes) reorders nothing in the recursion but uses its own acos/asin: equal to 1e-12 relative.
        var reference = k.Gram(set, new GramOptions { Engine = GramEngineKind.Reference, Device = GramDevice.Cpu });
        var fast = k.Gram(set);
        var cross = k.CrossGram(set.Take(4).ToList(), set, new GramOptions { Engine = GramEngineKind.Reference, Device = GramDevice.Cpu });
        for (int i = 0; i < set.Count; i++)
        {
            for (int j = 0; j < set.Count; j++)
            {
                var v = i == j ? k.EvaluateSelf(set[i]) : k.Evaluate(set[i], set[j]);
                Assert.Equal(v.Rntk, reference.Rntk[i, j]);
                Assert.Equal(v.Nngp, reference.Nngp[i, j]);
                AssertRelative(v.Rntk, fast.Rntk[i, j], 1e-12, $"fast RNTK ({i},{j})");
                AssertRelative(v.Nngp, fast.Nngp[i, j], 1e-12, $"fast NNGP ({i},{j})");
                Assert.Equal(reference.Rntk[i, j], reference.Rntk[j, i]);
                Assert.Equal(fast.Rntk[i, j], fast.Rntk[j, i]);
                if (i < 4 && i != j) Assert.Equal(v.Rntk, cross.Rntk[i, j]); // cross entries are distinct data points
            }
        }
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void GramsArePositiveSemiDefinite(string act, int layers, Readout r, Direction d, InitialState h)
    {
        var k = new RntkKernel(Cfg(act, layers, r, d, h));
        var set = RandomSet(30, 1, 25, m: 1, seed: 11);
        var g = k.Gram(set);
        foreach (var m in new[] { g.Rntk, g.Nngp })
        {
            var mat = m.ToMatrix();
            double trace = mat.Trace();
            double min = mat.Evd(Symmetricity.Symmetric).EigenValues.Real().Min();
            Assert.True(min >= -1e-9 * trace, $"smallest eigenvalue {min:G4}, trace {trace:G4}");
        }
    }

    [Fact]
    public void ResultsAreBitIdenticalWhateverTheThreadCount()
    {
        var k = new RntkKernel(Cfg("relu", 2, Readout.LastStep, Direction.Forward, InitialState.Independent));
        var set = RandomSet(40, 5, 30, seed: 5);
        var one = k.Gram(set, new GramOptions { MaxDegreeOfParallelism = 1 });
        var all = k.Gram(set, new GramOptions { MaxDegreeOfParallelism = Environment.ProcessorCount });
        Assert.Equal(one.Rntk.Data, all.Rntk.Data);
        Assert.Equal(one.Nngp.Data, all.Nngp.Data);
    }

    [Fact]
    public void ReportsProgressAndHonoursCancellation()
    {
        var k = new RntkKernel(A());
        var set = RandomSet(30, 5, 10, seed: 2);
        var seen = new List<GramProgress>();
        var progress = new ListProgress(seen);
        k.Gram(set, progress: progress);
        Assert.NotEmpty(seen);
        Assert.Equal(30L * 31 / 2, seen.Max(p => p.PairsDone));
        Assert.All(seen, p => Assert.Equal(30L * 31 / 2, p.PairsTotal));

        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => k.Gram(set, cancellationToken: cts.Token));
    }

    private sealed class ListProgress(List<GramProgress> list) : IProgress<GramProgress>
    {
        public void Report(GramProgress value) { lock (list) list.Add(value); }
    }

    /// <summary>
    /// A cross Gram pairs distinct data points, even where a row and a column hold the same values (a test item equal
    /// to a training item is still another point): under independent h0 its "diagonal" is Evaluate(x, x), not the
    /// self value, on every engine; under a shared h0 the two coincide (to the ρ = 1 closed form's rounding).
    /// </summary>
    [Theory]
    [InlineData(InitialState.Independent)]
    [InlineData(InitialState.Shared)]
    public void CrossGramOfASetWithItselfPairsDistinctPoints(InitialState h0)
    {
        IlgpuGramEngine.Register();
        var k = new RntkKernel(A().With(initialState: h0));
        var set = RandomSet(5, 1, 7, seed: 11);
        foreach (var o in new[]
                 {
                     new GramOptions { Engine = GramEngineKind.Reference, Device = GramDevice.Cpu },
                     new GramOptions { Engine = GramEngineKind.Simd, Device = GramDevice.Cpu },
                     new GramOptions { Device = GramDevice.IlgpuCpu },
                 })
        {
            var cross = k.CrossGram(set, set, o);
            for (int i = 0; i < set.Count; i++)
            {
                var distinct = k.Evaluate(set[i], set[i]);
                var self = k.EvaluateSelf(set[i]);
                AssertRelative(distinct.Rntk, cross.Rntk[i, i], 1e-12, $"{cross.Engine} RNTK({i},{i})");
                AssertRelative(distinct.Nngp, cross.Nngp[i, i], 1e-12, $"{cross.Engine} NNGP({i},{i})");
                if (h0 == InitialState.Independent)
                    Assert.True(Math.Abs(cross.Rntk[i, i] - self.Rntk) > 1e-3 * self.Rntk, $"{cross.Engine}: item {i} paired as itself");
                else
                    AssertRelative(self.Rntk, cross.Rntk[i, i], 1e-6, $"{cross.Engine} shared h0 ({i},{i})");
            }
        }
    }
}
