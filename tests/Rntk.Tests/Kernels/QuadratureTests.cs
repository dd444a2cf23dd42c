using Rntk.Data;
using Rntk.Kernels;
using static Rntk.Tests.TestData;

namespace Rntk.Tests.Kernels;

/// <summary>The generic quadrature path against the ReLU and erf closed forms (docs/math.md §2).</summary>
public class QuadratureTests
{
    public static TheoryData<double, double, double> Covariances() => new()
    {
        { 1.0, 1.0, 0.3 }, { 0.5, 2.0, -0.7 }, { 3.0, 0.2, 0.7 }, { 1.0, 1.0, 0.999999 }, { 1.0, 1.0, -1.0 },
        { 1e-3, 5.0, 0.05 }, { 20.0, 30.0, 10.0 }, { 2.0, 2.0, 0.0 }, { 200.0, 500.0, 300.0 },
    };

    [Theory]
    [MemberData(nameof(Covariances))]
    public void DualsMatchClosedForms(double a, double b, double c)
    {
        foreach (var act in new[] { Activation.Relu, Activation.Erf })
        {
            var exact = act.Dual(a, b, c);
            var quad = act.ViaQuadrature().Dual(a, b, c);
            double scale = Math.Sqrt(a * b);
            Assert.True(Math.Abs(exact.V - quad.V) <= 1e-8 * Math.Max(Math.Abs(exact.V), 1e-3 * scale),
                $"{act.Name} V({a},{b},{c}): {exact.V:R} vs {quad.V:R}");
            Assert.True(Math.Abs(exact.VDot - quad.VDot) <= 1e-8 * Math.Abs(exact.VDot),
                $"{act.Name} V̇({a},{b},{c}): {exact.VDot:R} vs {quad.VDot:R}");
        }
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(1.0)]
    [InlineData(50.0)]
    [InlineData(1000.0)]
    public void DiagonalMatchesClosedForms(double q)
    {
        foreach (var act in new[] { Activation.Relu, Activation.Erf })
        {
            var exact = act.DualDiagonal(q);
            var quad = act.ViaQuadrature().DualDiagonal(q);
            AssertRelative(exact.V, quad.V, 1e-8, $"{act.Name} V diag q={q}");
            AssertRelative(exact.VDot, quad.VDot, 1e-8, $"{act.Name} V̇ diag q={q}");
        }
    }

    [Theory]
    [InlineData("A")]
    [InlineData("B")]
    [InlineData("C")]
    public void KernelsThroughQuadratureMatchReferenceConfigurations(string name)
    {
        var cfg = Named(name);
        var viaQuad = cfg.With(activation: cfg.Activation.ViaQuadrature());
        var exact = new RntkKernel(cfg).Evaluate(X, Xp);
        var quad = new RntkKernel(viaQuad).Evaluate(X, Xp);
        AssertRelative(exact.Rntk, quad.Rntk, 1e-8, "RNTK");
        AssertRelative(exact.Nngp, quad.Nngp, 1e-8, "NNGP");
    }

    [Fact]
    public void TanhDualsAreConsistent()
    {
        // tanh is odd: V(a,b,−c) = −V(a,b,c); φ′ is even: V̇(a,b,−c) = V̇(a,b,c); V ≤ √(V(a,a,a)V(b,b,b)).
        var t = Activation.Tanh;
        var p = t.Dual(1.5, 0.7, 0.4);
        var n = t.Dual(1.5, 0.7, -0.4);
        AssertRelative(p.V, -n.V, 1e-12, "odd");
        AssertRelative(p.VDot, n.VDot, 1e-12, "even");
        Assert.True(p.V * p.V <= t.DualDiagonal(1.5).V * t.DualDiagonal(0.7).V);
        // Small variances: tanh(z) ≈ z, so V ≈ c and V̇ ≈ 1.
        var s = t.Dual(1e-4, 2e-4, 1e-4);
        AssertRelative(1e-4, s.V, 1e-3, "linear regime");
        // E[tanh(u)²] for u ~ N(0,1), a known constant 0.394294... (1-D quadrature to 1e-12 elsewhere).
        AssertRelative(0.39429449, t.DualDiagonal(1.0).V, 1e-7, "E tanh²");
    }

    [Theory]
    [InlineData(3e3)]
    [InlineData(1e4)]
    public void AccurateUpToTheVarianceLimit(double q)
    {
        // Saturating φ at large variances is where the rule is weakest: erf's closed forms are the oracle.
        var erf = Activation.Erf.ViaQuadrature();
        AssertDualsAgree(Activation.Erf, erf, q, 0.9 * q, 1e-8);
        AssertRelative(Activation.Erf.DualDiagonal(q).VDot, erf.DualDiagonal(q).VDot, 1e-8, "V̇ diagonal");
        Assert.Equal(QuadratureActivation.AccurateVarianceLimit, erf.MaxVariance);
    }

    [Fact]
    public void BeyondTheVarianceLimitIsAnErrorNotAWrongKernel()
    {
        // tanh at x = 1000 (variance 1e6) came out 0.06 % off, at x = 1e5 87 % off, without a word.
        var k = new RntkKernel(new KernelConfig(1, Math.Sqrt(2), 1, 0, 0, 1, Activation.Tanh));
        var big = Sequence.Univariate(0.5, 1000);
        var e = Assert.Throws<KernelOverflowException>(() => k.Evaluate(big, big));
        Assert.Contains("out of range", e.Message);
        Assert.Contains("time step 1 (counting from 0)", e.Message);
        Assert.Contains("z-normalise", e.Message);
        // The closed forms have no such limit.
        Assert.True(double.IsFinite(new RntkKernel(new KernelConfig(1, Math.Sqrt(2), 1, 0, 0, 1, Activation.Erf)).Evaluate(big, big).Rntk));
        // Inside the limit tanh still works (x = 50: variance 2500).
        Assert.True(double.IsFinite(k.EvaluateSelf(Sequence.Univariate(0.5, 50)).Rntk));
    }

    [Theory]
    [InlineData(1e-30)]
    [InlineData(1e-12)]
    [InlineData(1.0)]
    [InlineData(1e4)]
    public void TanhInVectorLanesEqualsTanhOneByOne(double q)
    {
        // Activation.Tanh evaluates φ over spans with SIMD (TensorPrimitives.Tanh, whose expm1 form loses digits for
        // tiny arguments and is redone there); the same φ evaluated one point at a time is the oracle.
        var scalar = Activation.Custom("tanh-scalar", Math.Tanh, z => { double t = Math.Tanh(z); return 1 - t * t; });
        AssertDualsAgree(scalar, Activation.Tanh, q, 0.8 * q, 1e-12);
        // In the linear regime V = E[tanh u tanh v] ≈ c, exactly to first order: not 0 for tiny variances.
        if (q < 1e-10) AssertRelative(0.3 * Math.Sqrt(0.8) * q, Activation.Tanh.Dual(q, 0.8 * q, 0.3 * Math.Sqrt(0.8) * q).V, 1e-8, "linear");
    }

    /// <summary>V and V̇ of <paramref name="actual"/> against <paramref name="expected"/> at variances a, b and correlations 0.3, 0.999999, −0.5.</summary>
    private static void AssertDualsAgree(Activation expected, Activation actual, double a, double b, double tol)
    {
        foreach (double r in new[] { 0.3, 0.999999, -0.5 })
        {
            double c = r * Math.Sqrt(a * b);
            var e = expected.Dual(a, b, c);
            var x = actual.Dual(a, b, c);
            AssertRelative(e.V, x.V, tol, $"{actual.Name} V a={a} ρ={r}");
            AssertRelative(e.VDot, x.VDot, tol, $"{actual.Name} V̇ a={a} ρ={r}");
        }
    }
}
