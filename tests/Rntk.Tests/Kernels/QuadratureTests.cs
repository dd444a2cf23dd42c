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
}
