using MathNet.Numerics.LinearAlgebra;
using Rntk.Data;
using Rntk.Gram;
using Rntk.Kernels;
using static Rntk.Tests.TestData;

namespace Rntk.Tests.Gram;

/// <summary>Cosine normalisation: unit diagonal, the direct formula, positive semi-definite, clear errors; self values.</summary>
public class KernelNormalizationTests
{
    private static readonly GramOptions Reference = new() { Engine = GramEngineKind.Reference, Device = GramDevice.Cpu };

    public static TheoryData<string, int, double, Readout, Direction> Configs() => new()
    {
        // The benchmark's kernel (ReLU, σw = √2, last step), a deeper erf one read both ways, and average pooling.
        { "relu", 1, Math.Sqrt(2), Readout.LastStep, Direction.Forward },
        { "erf", 2, 1.3, Readout.LastStep, Direction.Bidirectional },
        { "relu", 2, Math.Sqrt(2), Readout.AveragePooling, Direction.Forward },
    };

    private static KernelConfig Cfg(string act, int layers, double sw, Readout r, Direction d) =>
        new(layers, sw, 0.9, 0.2, 0.6, 1.1, Activation.Parse(act), r, d);

    [Theory]
    [MemberData(nameof(Configs))]
    public void NormalisedGramsHaveUnitDiagonalAndEqualTheDirectFormula(string act, int layers, double sw, Readout r, Direction d)
    {
        var k = new RntkKernel(Cfg(act, layers, sw, r, d));
        var train = RandomSet(10, 1, 25, seed: 21);
        var test = RandomSet(6, 1, 25, seed: 22);
        var gram = k.Gram(train, Reference);
        var cross = k.CrossGram(test, train, Reference);
        var testSelf = k.SelfValues(test, Reference);
        for (int i = 0; i < test.Count; i++) Assert.Equal(k.EvaluateSelf(test[i]), testSelf[i]);

        foreach (var kind in new[] { KernelKind.Rntk, KernelKind.Nngp })
        {
            double Of(KernelValue v) => kind == KernelKind.Rntk ? v.Rntk : v.Nngp;
            var g = gram.Get(kind);
            var trainSelf = KernelNormalization.Diagonal(g);
            var gn = KernelNormalization.Cosine(g);
            var cn = KernelNormalization.Cosine(cross.Get(kind), testSelf.Select(Of).ToArray(), trainSelf);
            for (int i = 0; i < train.Count; i++)
            {
                Assert.Equal(1.0, gn[i, i]); // exactly, not to rounding
                for (int j = 0; j < train.Count; j++)
                {
                    if (i == j) continue;
                    double direct = Of(k.Evaluate(train[i], train[j])) / Math.Sqrt(Of(k.EvaluateSelf(train[i])) * Of(k.EvaluateSelf(train[j])));
                    Assert.True(Math.Abs(gn[i, j] - direct) <= 1e-14, $"{kind} train ({i},{j}): {gn[i, j]:R} vs {direct:R}");
                    Assert.InRange(gn[i, j], -1.0, 1.0);
                }
            }
            for (int i = 0; i < test.Count; i++)
                for (int j = 0; j < train.Count; j++)
                {
                    double direct = Of(k.Evaluate(test[i], train[j])) / Math.Sqrt(Of(k.EvaluateSelf(test[i])) * Of(k.EvaluateSelf(train[j])));
                    Assert.True(Math.Abs(cn[i, j] - direct) <= 1e-14, $"{kind} cross ({i},{j}): {cn[i, j]:R} vs {direct:R}");
                }

            // The train Gram and the cross block are blocks of the normalised Gram of train ∪ test: that one is PSD.
            var all = KernelNormalization.Cosine(k.Gram([.. train, .. test], Reference).Get(kind));
            for (int i = 0; i < test.Count; i++)
                for (int j = 0; j < train.Count; j++)
                    Assert.True(Math.Abs(all[train.Count + i, j] - cn[i, j]) <= 1e-14, $"{kind} union ({i},{j})");
            double min = all.ToMatrix().Evd(Symmetricity.Symmetric).EigenValues.Real().Min();
            Assert.True(min >= -1e-12 * all.Rows, $"{kind}: smallest eigenvalue {min:G4}");
        }
    }

    [Fact]
    public void ALongSeriesNoLongerDominatesTheNormalisedKernel()
    {
        // Why the normalised kernel exists (docs/math.md §7): with σw² = 2 the RNTK's self value grows linearly in T.
        var k = new RntkKernel(new KernelConfig(sigmaW: Math.Sqrt(2), sigmaU: 1, sigmaB: 0.2));
        var set = RandomSet(2, 200, 200, seed: 5).Append(RandomSet(1, 10, 10, seed: 6)[0]).ToList();
        var g = k.Gram(set).Rntk;
        Assert.True(g[0, 0] > 10 * g[2, 2], $"raw diagonal {g[0, 0]:G4} vs {g[2, 2]:G4}");
        var n = KernelNormalization.Cosine(g);
        Assert.Equal([1.0, 1.0, 1.0], KernelNormalization.Diagonal(n));
        Assert.True(n[0, 1] < 1 && n[0, 1] > 0);
    }

    [Fact]
    public void BadSelfValuesAreErrorsThatNameTheItem()
    {
        // An all-zero series with σb = σh = 0 has K(x, x) = 0: no direction, so no normalised kernel.
        var k = new RntkKernel(new KernelConfig(sigmaB: 0, sigmaH: 0));
        var set = new List<Sequence> { Sequence.Univariate(1, 2, 3), Sequence.Univariate(0.5, -1), Sequence.Univariate(0, 0, 0, 0) };
        var g = k.Gram(set).Rntk;
        Assert.Equal(0.0, g[2, 2]);
        var e = Assert.Throws<ArgumentException>(() => KernelNormalization.Cosine(g, "training item"));
        Assert.Contains("training item 2", e.Message);
        Assert.Contains("is 0", e.Message);

        var m = new KernelMatrix(2, 3, [1, 2, 3, 4, 5, 6]);
        e = Assert.Throws<ArgumentException>(() => KernelNormalization.Cosine(m, [1.0, double.NaN], [1.0, 1.0, 1.0], "test item", "training item"));
        Assert.Contains("test item 1", e.Message);
        Assert.Contains("NaN", e.Message);
        e = Assert.Throws<ArgumentException>(() => KernelNormalization.Cosine(m, [1.0, 2.0], [1.0, -3.0, 1.0], "test item", "training item"));
        Assert.Contains("training item 1", e.Message);
        Assert.Contains("-3", e.Message);
        Assert.Throws<ArgumentException>(() => KernelNormalization.Cosine(m, [1.0], [1.0, 1.0, 1.0]));
        Assert.Throws<ArgumentException>(() => KernelNormalization.Cosine(m)); // not square
    }
}
