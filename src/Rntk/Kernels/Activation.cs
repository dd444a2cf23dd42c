using System.Numerics;
using System.Numerics.Tensors;

namespace Rntk.Kernels;

/// <summary>
/// A nonlinearity φ together with its dual activations (docs/math.md §2):
/// V(a,b,c) = E[φ(u)φ(v)], V̇(a,b,c) = E[φ′(u)φ′(v)], (u,v) ~ N(0, [[a,c],[c,b]]).
/// ReLU and erf use closed forms; any other φ uses <see cref="QuadratureActivation"/>.
/// </summary>
public abstract class Activation
{
    /// <summary>Short name used by the command line and in results ("relu", "erf", "tanh", …).</summary>
    public abstract string Name { get; }

    /// <summary>φ(z).</summary>
    public abstract double Phi(double z);

    /// <summary>φ′(z) (any value at a kink).</summary>
    public abstract double DPhi(double z);

    /// <summary>V and V̇ for an off-diagonal entry: variances a, b and covariance c.</summary>
    public abstract (double V, double VDot) Dual(double a, double b, double c);

    /// <summary>V and V̇ on the diagonal (a = b = c = q: the same input at the same step), in closed form.</summary>
    public abstract (double V, double VDot) DualDiagonal(double q);

    /// <summary>True when <see cref="Dual"/> is a closed form that the SIMD/GPU engines also implement.</summary>
    public virtual bool HasClosedForm => false;

    /// <summary>
    /// The largest pre-activation variance at which <see cref="Dual"/> keeps its accuracy (∞ for the closed forms).
    /// The variance chains stop with an error beyond it rather than return a wrong kernel.
    /// </summary>
    public virtual double MaxVariance => double.PositiveInfinity;

    public static Activation Relu { get; } = new ReluActivation();
    public static Activation Erf { get; } = new ErfActivation();
    public static Activation Tanh { get; } = new QuadratureActivation("tanh", Math.Tanh, z => { double t = Math.Tanh(z); return 1 - t * t; }, TanhSpan);

    private static void TanhSpan(ReadOnlySpan<double> z, Span<double> phi, Span<double> dphi)
    {
        // SIMD tanh over the span, and tanh′ = 1 − tanh² from the same values (one tanh per point, not two). The vector
        // tanh computes −m/(m + 2) with m = expm1(−2|x|) rounded: for |x| ≪ 1 that loses ~1e-16/|x| relative and
        // gives 0 below ~1e-17. Below 1e-4 (where that loss would pass 1e-12) the series x − x³/3 + 2x⁵/15 is used,
        // exact to rounding there (the next term is 17x⁷/315 < 1e-29·|x|).
        // The fix-up runs in vector lanes, skipping vectors with no small argument: a scalar pass over the span (Math.Tanh
        // below 0.5) took the 24 × 40-step tanh Gram of the README from 6.3–6.7 s to 11–12 s; this one to 8–9 s (loaded
        // machine). The tail shorter than a vector uses Math.Tanh, exact there.
        TensorPrimitives.Tanh(z, phi);
        const double Small = 1e-4, Third = 1.0 / 3, TwoFifteenths = 2.0 / 15;
        int w = Vector<double>.Count, i = 0;
        var small = new Vector<double>(Small);
        for (; i <= z.Length - w; i += w)
        {
            var x = new Vector<double>(z[i..]);
            var mask = Vector.LessThan(Vector.Abs(x), small);
            if (mask == Vector<long>.Zero) continue;
            var x2 = x * x;
            var series = x - x * x2 * (new Vector<double>(Third) - x2 * new Vector<double>(TwoFifteenths));
            Vector.ConditionalSelect(mask, series, new Vector<double>(phi[i..])).CopyTo(phi[i..]);
        }
        for (; i < z.Length; i++)
            if (Math.Abs(z[i]) < Small) phi[i] = Math.Tanh(z[i]);
        TensorPrimitives.Multiply(phi, phi, dphi);
        TensorPrimitives.Subtract(1.0, dphi, dphi);
    }

    /// <summary>Any activation, through quadrature. <paramref name="dphi"/> is its derivative.</summary>
    public static Activation Custom(string name, Func<double, double> phi, Func<double, double> dphi) =>
        new QuadratureActivation(name, phi, dphi);

    /// <summary>The same φ computed by quadrature instead of its closed form (tests use this as an oracle check).</summary>
    public Activation ViaQuadrature() => this as QuadratureActivation ?? new QuadratureActivation(Name + "-quadrature", Phi, DPhi);

    /// <summary>Parses "relu", "erf" or "tanh" (case-insensitive).</summary>
    public static Activation Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "relu" => Relu,
        "erf" => Erf,
        "tanh" => Tanh,
        _ => throw new ArgumentException($"Unknown activation '{name}': use relu, erf or tanh."),
    };

    public override string ToString() => Name;
}
