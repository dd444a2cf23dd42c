using Rntk.Data;
using Rntk.Kernels;
using static Rntk.Tests.TestData;

namespace Rntk.Tests.Kernels;

/// <summary>docs/math.md §7 (time-step weighting, ReLU) and §4 (end alignment vs zero padding).</summary>
public class ClosedFormTests
{
    [Theory]
    [InlineData(0.7)]
    [InlineData(1.0)]
    [InlineData(1.4142135623730951)]
    [InlineData(1.6)]
    public void ReluSelfKernelsMatchTheTimeStepWeighting(double sigmaW)
    {
        // σb = σh = 0, L = 1, x = x′, r = σw²/2:
        // 𝒦(x,x) = σv²σu²/(2m) Σ_t r^{T−t}‖x_t‖², Θ(x,x) = σv²σu²/(2m) Σ_t (T−t+2) r^{T−t}‖x_t‖².
        double su = 0.9, sv = 1.3;
        var cfg = new KernelConfig(1, sigmaW, su, 0, 0, sv, Activation.Relu);
        var rng = new Random(7);
        foreach (int m in new[] { 1, 3 })
        {
            int T = 12;
            var v = new double[T * m];
            for (int i = 0; i < v.Length; i++) v[i] = rng.NextDouble() * 2 - 1;
            var x = new Sequence(v, m);
            double r = sigmaW * sigmaW / 2, nngp = 0, rntk = 0;
            for (int t = 1; t <= T; t++)
            {
                double n2 = Sequence.Dot(x, t - 1, x, t - 1);
                nngp += Math.Pow(r, T - t) * n2;
                rntk += (T - t + 2) * Math.Pow(r, T - t) * n2;
            }
            double c = sv * sv * su * su / (2 * m);
            var k = new RntkKernel(cfg).EvaluateSelf(x);
            AssertRelative(c * nngp, k.Nngp, 1e-12, $"NNGP σw={sigmaW} m={m}");
            AssertRelative(c * rntk, k.Rntk, 1e-12, $"RNTK σw={sigmaW} m={m}");
        }
    }

    private static Sequence PadFront(Sequence s, int to)
    {
        var v = new double[to * s.Channels];
        s.Values.CopyTo(v.AsSpan((to - s.Length) * s.Channels));
        return new Sequence(v, s.Channels);
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("erf")]
    public void FrontZeroPaddingEqualsEndAlignmentOnlyWithoutBiasAndInitialState(string act)
    {
        var a = Activation.Parse(act);
        var xPadded = PadFront(X, Xp.Length);

        // σb = σh = 0: padded steps leave the hidden state at exactly zero, so padding changes nothing (§4).
        var k0 = new RntkKernel(new KernelConfig(2, 1.2, 0.8, 0, 0, 1, a));
        var aligned = k0.Evaluate(X, Xp);
        var padded = k0.Evaluate(xPadded, Xp);
        AssertRelative(aligned.Rntk, padded.Rntk, 1e-12, "RNTK");
        AssertRelative(aligned.Nngp, padded.Nngp, 1e-12, "NNGP");

        // With σb > 0 or σh > 0 the padded steps move the state: the kernels differ.
        foreach (var cfg in new[] { new KernelConfig(2, 1.2, 0.8, 0.3, 0, 1, a), new KernelConfig(2, 1.2, 0.8, 0, 0.5, 1, a) })
        {
            var k = new RntkKernel(cfg);
            var e = k.Evaluate(X, Xp);
            var p = k.Evaluate(xPadded, Xp);
            Assert.True(Math.Abs(e.Rntk - p.Rntk) > 1e-3 * Math.Abs(e.Rntk), $"{cfg}: padding should change the RNTK");
        }
    }

    [Fact]
    public void SharedAndIndependentInitialStatesDifferOnlyForEqualLengths()
    {
        var ind = new RntkKernel(A());
        var sh = new RntkKernel(A().With(initialState: InitialState.Shared));
        // T ≠ T′: the chain never reaches (0, 0); both models agree.
        AssertRelative(ind.Evaluate(X, Xp).Rntk, sh.Evaluate(X, Xp).Rntk, 1e-15, "T≠T′");
        // T = T′: only the shared h0 meets itself.
        var y = Sequence.Univariate(0.1, 0.2, -0.3);
        Assert.True(sh.Evaluate(X, y).Nngp > ind.Evaluate(X, y).Nngp + 1e-6);
        // A data point with itself meets its own h0 under both models.
        AssertRelative(ind.EvaluateSelf(X).Rntk, sh.EvaluateSelf(X).Rntk, 1e-15, "self");
        // σh = 0: the models coincide.
        var ind0 = new RntkKernel(A().With(sigmaH: 0));
        var sh0 = new RntkKernel(A().With(sigmaH: 0, initialState: InitialState.Shared));
        Assert.Equal(ind0.Evaluate(X, y), sh0.Evaluate(X, y));
    }

    [Fact]
    public void SelfValueEqualsPairValueOfIdenticalDistinctInputsWithoutInitialState()
    {
        // With σh = 0 "same data point" and "equal values" give the same kernel; the self path uses ρ = 1 exactly,
        // the pair path goes through acos of a rounded correlation, so they agree to about √ε.
        var k = new RntkKernel(A().With(sigmaH: 0));
        var copy = Sequence.Univariate(0.5, -1.0, 0.25);
        AssertRelative(k.EvaluateSelf(X).Rntk, k.Evaluate(X, copy).Rntk, 1e-7, "RNTK");
    }
}
