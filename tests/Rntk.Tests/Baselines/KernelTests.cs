using Rntk.Baselines;
using Rntk.Data;
using Rntk.Kernels;

namespace Rntk.Tests.Baselines;

public class KernelTests
{
    private static readonly Sequence X = Sequence.Univariate(0.5, -1.0, 0.25, 2.0);
    private static readonly Sequence Y = Sequence.Univariate(1.0, 0.3, -0.7, 0.2);

    [Fact]
    public void Classical_kernels_follow_their_formulas_with_dimension_scaling()
    {
        double d = 4, s = (0.5 - 0.3 - 0.175 + 0.4) / d;
        double sxx = (0.25 + 1 + 0.0625 + 4) / d, syy = (1 + 0.09 + 0.49 + 0.04) / d;
        Assert.Equal(s, new LinearKernel().Evaluate(X.Values, Y.Values), 14);
        Assert.Equal(Math.Pow(0.7 * s + 2, 3), new PolynomialKernel(3, 0.7, 2).Evaluate(X.Values, Y.Values), 13);
        Assert.Equal(Math.Exp(-1.3 * (sxx + syy - 2 * s)), new RbfKernel(1.3).Evaluate(X.Values, Y.Values), 14);
        Assert.Equal(1, new RbfKernel(5).Evaluate(X.Values, X.Values), 15);
    }

    [Fact]
    public void Gram_is_symmetric_and_agrees_with_cross_and_pairwise_values()
    {
        var set = TestData.RandomSet(9, 12, 12, 2, 3);
        var other = TestData.RandomSet(4, 12, 12, 2, 4);
        foreach (DotProductKernel k in new DotProductKernel[] { new LinearKernel(), new PolynomialKernel(2, 0.5, 1), new RbfKernel(0.8), new FullyConnectedKernel(2, 1.3, 0.2) })
        {
            var g = k.Gram(set);
            var c = k.Cross(other, set);
            for (int i = 0; i < set.Count; i++)
                for (int j = 0; j < set.Count; j++)
                {
                    Assert.Equal(g[i, j], g[j, i]);
                    Assert.Equal(k.Evaluate(set[i].Values, set[j].Values), g[i, j], 13);
                }
            for (int i = 0; i < other.Count; i++)
                for (int j = 0; j < set.Count; j++)
                    Assert.Equal(k.Evaluate(other[i].Values, set[j].Values), c[i, j], 13);
        }
    }

    [Fact]
    public void Non_finite_entries_are_an_overflow_error_not_a_matrix()
    {
        // Raw values of 1e200 (not z-normalised): ⟨x, y⟩ overflows; the RBF's exponent becomes ∞ − ∞.
        var huge = new[] { Sequence.Univariate(1e200, 2e200), Sequence.Univariate(-1e200, 1e200) };
        foreach (DotProductKernel k in new DotProductKernel[] { new LinearKernel(), new RbfKernel(1), new FullyConnectedKernel(2) })
        {
            var e = Assert.Throws<KernelOverflowException>(() => k.Gram(huge));
            Assert.Contains(k.Name, e.Message);
            Assert.Throws<KernelOverflowException>(() => k.Cross(huge, huge));
        }
    }

    [Fact]
    public void Variable_lengths_need_a_stated_policy()
    {
        var set = TestData.RandomSet(5, 5, 9, 1, 5);
        var e = Assert.Throws<ArgumentException>(() => new RbfKernel().Gram(set));
        Assert.Contains("Length", e.Message);
        int L = FixedLength.CommonLength(set);
        var padded = new LinearKernel { Length = L, Policy = LengthPolicy.ZeroPad }.Gram(set);
        // Zero-padding leaves dot products alone; only the 1/d scale uses the common length.
        for (int i = 0; i < set.Count; i++)
            for (int j = 0; j < set.Count; j++)
            {
                int n = Math.Min(set[i].Length, set[j].Length);
                double dot = 0;
                for (int t = 0; t < n; t++) dot += set[i][t, 0] * set[j][t, 0];
                Assert.Equal(dot / L, padded[i, j], 13);
            }
        var k = new LinearKernel { Length = 20, Policy = LengthPolicy.Resample };
        Assert.Equal(20, k.Parameters["length"]);
        Assert.Equal("resample", k.Parameters["length_policy"]);
        Assert.Equal(5, k.Gram(set).Rows);
    }

    [Fact]
    public void Resampling_keeps_the_ends_and_interpolates_linearly()
    {
        var v = FixedLength.ToVector(Sequence.Univariate(0, 10, 20), 5, LengthPolicy.Resample);
        Assert.Equal([0.0, 5, 10, 15, 20], v);
        var w = FixedLength.ToVector(new Sequence([1, -1, 3, -3], 2), 3, LengthPolicy.Resample);
        Assert.Equal([1.0, -1, 2, -2, 3, -3], w);
        Assert.Equal([1.0, 2, 0, 0], FixedLength.ToVector(Sequence.Univariate(1, 2), 4, LengthPolicy.ZeroPad));
        Assert.Throws<ArgumentException>(() => FixedLength.ToVector(Sequence.Univariate(1, 2, 3), 2, LengthPolicy.ZeroPad));
    }

    [Theory]
    [InlineData(1, "relu")]
    [InlineData(2, "relu")]
    [InlineData(3, "relu")]
    [InlineData(2, "erf")]
    public void Fc_kernels_are_the_RNTK_of_a_one_step_sequence_for_any_recurrent_weight(int depth, string act)
    {
        // T = 1, σh = 0: the recurrent term σw²K(h0, h0') vanishes, and σu scales the input and inter-layer weights,
        // i.e. it is the feed-forward σw. m = 3 channels = a vector of dimension d = 3.
        var x = new Sequence([0.5, -1.0, 0.25], 3);
        var y = new Sequence([1.0, 0.3, -0.7], 3);
        var fcNtk = new FullyConnectedKernel(depth, sigmaW: 0.9, sigmaB: 0.3, sigmaV: 1.4, activation: Activation.Parse(act));
        var fc = fcNtk.Both(Dot(x, y) / 3, Dot(x, x) / 3, Dot(y, y) / 3);
        var fcSelf = fcNtk.Both(Dot(x, x) / 3, Dot(x, x) / 3, Dot(x, x) / 3);
        foreach (double recurrent in new[] { 0.0, 1.0, 2.5 })
        {
            var rnn = new RntkKernel(new KernelConfig(depth, sigmaW: recurrent, sigmaU: 0.9, sigmaB: 0.3, sigmaH: 0, sigmaV: 1.4, activation: Activation.Parse(act)));
            var v = rnn.Evaluate(x, y);
            TestData.AssertRelative(v.Rntk, fc.Rntk, 1e-13, "NTK");
            TestData.AssertRelative(v.Nngp, fc.Nngp, 1e-13, "NNGP");
            var s = rnn.EvaluateSelf(x);
            TestData.AssertRelative(s.Rntk, fcSelf.Rntk, 1e-13, "NTK self");
            TestData.AssertRelative(s.Nngp, fcSelf.Nngp, 1e-13, "NNGP self");
        }
    }

    [Fact]
    public void Fc_relu_kernels_match_a_hand_computation()
    {
        // x ⟂ y, ‖x‖² = ‖y‖² = 1, d = 2, σw² = 2, σb = 0, σv = 1: Σ⁽¹⁾ = 0 off the diagonal, 2·1/2 = 1 on it.
        // L = 1: K = (1/2π)(ρ(π − arccos ρ) + √(1−ρ²)) at ρ = 0 → 1/(2π); K̇ = 1/4; Θ⁽¹⁾ = 0.
        double[] x = [1, 0], y = [0, 1];
        var k1 = new FullyConnectedKernel(1, Math.Sqrt(2), 0, 1, KernelKind.Rntk);
        Assert.Equal(1 / (2 * Math.PI), k1.Evaluate(x, y), 15);
        Assert.Equal(1 / (2 * Math.PI), new FullyConnectedKernel(1, Math.Sqrt(2), 0, 1, KernelKind.Nngp).Evaluate(x, y), 15);
        // L = 2: Σ⁽²⁾ = 2·1/(2π) = 1/π, diagonal 2·1/2 = 1, so ρ = 1/π; Θ⁽²⁾ = Σ⁽²⁾ + 2·(1/4)·0.
        double rho = 1 / Math.PI;
        double k2 = (rho * (Math.PI - Math.Acos(rho)) + Math.Sqrt(1 - rho * rho)) / (2 * Math.PI);
        double kdot2 = (Math.PI - Math.Acos(rho)) / (2 * Math.PI);
        Assert.Equal(k2 + kdot2 * rho, new FullyConnectedKernel(2, Math.Sqrt(2), 0, 1).Evaluate(x, y), 15);
        Assert.Equal(k2, new FullyConnectedKernel(2, Math.Sqrt(2), 0, 1, KernelKind.Nngp).Evaluate(x, y), 15);
        // σw² = 2, σb = 0, σv = 1 (Arora et al.'s c_σ = 2): Θ(x, x) = (L + 1)‖x‖²/d, since the diagonal keeps
        // Σ = ‖x‖²/d·2, K = Σ/2, K̇ = 1/2 in every layer.
        double[] z = [0.3, -2, 1.1];
        double norm = z.Sum(v => v * v) / 3;
        for (int L = 1; L <= 5; L++)
            Assert.Equal((L + 1) * norm, new FullyConnectedKernel(L, Math.Sqrt(2), 0, 1).Evaluate(z, z), 13);
    }

    [Fact]
    public void Rntk_adapter_returns_the_library_Gram_matrices()
    {
        var set = TestData.RandomSet(6, 3, 7, 1, 8);
        var other = TestData.RandomSet(3, 3, 7, 1, 9);
        var cfg = TestData.B();
        var g = new RntkKernel(cfg).Gram(set);
        var c = new RntkKernel(cfg).CrossGram(other, set);
        var ntk = new RntkSequenceKernel(cfg);
        var gp = new RntkSequenceKernel(cfg, KernelKind.Nngp);
        Assert.Equal(("rntk", "nngp"), (ntk.Name, gp.Name));
        Assert.Equal(g.Rntk.Data, ntk.Gram(set).Data);
        Assert.Equal(g.Nngp.Data, gp.Gram(set).Data);
        Assert.Equal(c.Rntk.Data, ntk.Cross(other, set).Data);
        Assert.Equal(2, ntk.Parameters["layers"]);
    }

    private static double Dot(Sequence a, Sequence b)
    {
        double s = 0;
        for (int k = 0; k < a.Values.Length; k++) s += a.Values[k] * b.Values[k];
        return s;
    }
}
