using System.Numerics.Tensors;
using MathNet.Numerics.Integration;

namespace Rntk.Kernels;

/// <summary>
/// The generic path: V and V̇ of any φ by two-dimensional Gaussian quadrature (docs/math.md §2).
/// </summary>
/// <remarks>
/// A plain tensor Gauss–Hermite rule converges only algebraically for ReLU-like φ, whose kinks cut the
/// plane along lines, and cannot meet the 1e-8 agreement with the closed forms. So the expectation is
/// written in polar coordinates of the whitened pair (z₁, z₂) ~ N(0, I):
/// u = √a z₁, v = α z₁ + β z₂ (α = c/√a, β = √(b − c²/a)), z = r(cos θ, sin θ), and
/// E[g] = (1/2π) ∫₀^{2π} dθ ∫₀^∞ g(r cos θ, r sin θ) r e^{−r²/2} dr.
/// The θ-range is split where u = 0 or v = 0 (kinks at zero lie exactly on those rays), so every arc is
/// integrated by Gauss–Legendre with a smooth integrand; the radial integral uses Gauss–Legendre on
/// geometrically graded panels of [0, 10], which resolves the scale of any variance from 1e-4 to 1e4.
/// For positively homogeneous φ (ReLU) this is exact to rounding; for smooth φ (erf, tanh) it converges
/// spectrally. Cost: about 10⁵ evaluations of φ and φ′ per call, so the generic path is for modest Grams; tanh
/// evaluates them in vector lanes (<see cref="SpanEvaluator"/>).
/// </remarks>
public sealed class QuadratureActivation : Activation
{
    private const int AngularNodes = 12;
    // Relative break points inside each arc, graded toward both ends: for large variances the integrand of a
    // saturating φ turns into a near-step at the arc ends (where u or v changes sign), so nodes crowd there.
    private static readonly double[] ArcPanels = [0, 1.0 / 256, 1.0 / 64, 1.0 / 16, 0.25, 0.5, 0.75, 15.0 / 16, 63.0 / 64, 255.0 / 256, 1];
    private const int RadialNodesPerPanel = 12;
    private const double RadialEnd = 10.0;   // e^{-50}: beyond anything a finite double sum can see.
    private const int RadialPanels = 14;     // panels [10·2^{-k-1}, 10·2^{-k}], k = 0..12, plus [0, 10·2^{-13}].

    private static readonly double[] GlX, GlW;           // Gauss–Legendre on [−1, 1]
    private static readonly double[] RadialR, RadialW;   // nodes r_i, weights including r e^{-r²/2}

    private readonly Func<double, double> _phi, _dphi;
    private readonly SpanEvaluator _evaluate;

    /// <summary>φ and φ′ of every entry of <paramref name="z"/> at once (an activation may do this with SIMD).</summary>
    public delegate void SpanEvaluator(ReadOnlySpan<double> z, Span<double> phi, Span<double> dphi);

    static QuadratureActivation()
    {
        var gl = new GaussLegendreRule(-1, 1, RadialNodesPerPanel);
        var rr = new List<double>();
        var rw = new List<double>();
        double hi = RadialEnd;
        for (int p = 0; p < RadialPanels; p++)
        {
            double lo = p == RadialPanels - 1 ? 0 : hi / 2;
            double mid = (hi + lo) / 2, half = (hi - lo) / 2;
            for (int i = 0; i < RadialNodesPerPanel; i++)
            {
                double r = mid + half * gl.Abscissas[i];
                rr.Add(r);
                rw.Add(half * gl.Weights[i] * r * Math.Exp(-0.5 * r * r));
            }
            hi = lo;
        }
        RadialR = rr.ToArray();
        RadialW = rw.ToArray();
        var ga = new GaussLegendreRule(-1, 1, AngularNodes);
        GlX = ga.Abscissas.ToArray();
        GlW = ga.Weights.ToArray();
    }

    /// <param name="name">The activation's name.</param>
    /// <param name="phi">φ.</param>
    /// <param name="dphi">φ′.</param>
    /// <param name="evaluate">
    /// φ and φ′ of a span at once, if the activation has a faster way than calling them one by one (tanh: SIMD tanh, and
    /// φ′ = 1 − φ² from the same values); null = element by element.
    /// </param>
    internal QuadratureActivation(string name, Func<double, double> phi, Func<double, double> dphi, SpanEvaluator? evaluate = null)
    {
        Name = string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("An activation needs a name.") : name;
        _phi = phi ?? throw new ArgumentNullException(nameof(phi));
        _dphi = dphi ?? throw new ArgumentNullException(nameof(dphi));
        _evaluate = evaluate ?? EachOf(phi, dphi);
    }

    private static SpanEvaluator EachOf(Func<double, double> phi, Func<double, double> dphi) => (z, p, d) =>
    {
        for (int i = 0; i < z.Length; i++)
        {
            p[i] = phi(z[i]);
            d[i] = dphi(z[i]);
        }
    };

    public override string Name { get; }

    /// <summary>
    /// 1e4: up to here the rule matches erf's closed forms to 1e-8 or better (V̇ on the diagonal: 9e-11 at 1e4,
    /// 2.5e-8 at 3e4, 1e-3 at 1e6), because a saturating φ turns into a step at radius ~1/√q and at the arc ends,
    /// finer than the panels resolve beyond it. Homogeneous φ (ReLU) would be exact at any scale, but the rule cannot
    /// tell them apart, so the limit holds for every activation on this path.
    /// </summary>
    public const double AccurateVarianceLimit = 1e4;

    public override double MaxVariance => AccurateVarianceLimit;
    public override double Phi(double z) => _phi(z);
    public override double DPhi(double z) => _dphi(z);

    public override (double V, double VDot) Dual(double a, double b, double c)
    {
        if (a <= 0 && b <= 0) return (_phi(0) * _phi(0), _dphi(0) * _dphi(0));
        if (a <= 0) (a, b) = (b, a); // symmetric in (u, v): keep the whitened coordinate on the non-degenerate one
        double sa = Math.Sqrt(a);
        double alpha = c / sa;
        double beta = Math.Sqrt(Math.Max(b - alpha * alpha, 0));

        // Break points of θ ∈ [0, 2π): u = 0 at θ = π/2, 3π/2; v = 0 where (cos θ, sin θ) ⟂ (α, β).
        Span<double> cuts = stackalloc double[6];
        int nc = 0;
        cuts[nc++] = 0;
        cuts[nc++] = Math.PI / 2;
        cuts[nc++] = 1.5 * Math.PI;
        if (alpha != 0 || beta != 0)
        {
            double t0 = Math.Atan2(alpha, -beta);
            if (t0 < 0) t0 += 2 * Math.PI;
            double t1 = t0 >= Math.PI ? t0 - Math.PI : t0 + Math.PI;
            cuts[nc++] = t0;
            cuts[nc++] = t1;
        }
        cuts[nc++] = 2 * Math.PI;
        var bounds = cuts[..nc];
        bounds.Sort();

        // Per angle, the whole radial rule at once: u = r·cu and v = r·cv for every radius, φ and φ′ of both as spans,
        // then two weighted dot products (vectorised; a SIMD activation evaluates its spans in vector lanes too).
        int nr = RadialR.Length;
        Span<double> buf = stackalloc double[7 * nr];
        Span<double> u = buf[..nr], v = buf.Slice(nr, nr), pu = buf.Slice(2 * nr, nr), du = buf.Slice(3 * nr, nr);
        Span<double> pv = buf.Slice(4 * nr, nr), dv = buf.Slice(5 * nr, nr), prod = buf.Slice(6 * nr, nr);
        double sumV = 0, sumD = 0;
        for (int k = 0; k + 1 < bounds.Length; k++)
        {
            double arcLo = bounds[k], arcLen = bounds[k + 1] - bounds[k];
            if (arcLen < 1e-15) continue;
            for (int pnl = 0; pnl + 1 < ArcPanels.Length; pnl++)
            {
                double lo = arcLo + arcLen * ArcPanels[pnl], hi = arcLo + arcLen * ArcPanels[pnl + 1];
                double mid = (lo + hi) / 2, half = (hi - lo) / 2;
                for (int j = 0; j < GlX.Length; j++)
                {
                    double th = mid + half * GlX[j];
                    double cu = sa * Math.Cos(th);
                    double cv = alpha * Math.Cos(th) + beta * Math.Sin(th);
                    TensorPrimitives.Multiply(RadialR, cu, u);
                    TensorPrimitives.Multiply(RadialR, cv, v);
                    _evaluate(u, pu, du);
                    _evaluate(v, pv, dv);
                    TensorPrimitives.Multiply(pu, pv, prod);
                    double accV = TensorPrimitives.Dot(prod, RadialW);
                    TensorPrimitives.Multiply(du, dv, prod);
                    double accD = TensorPrimitives.Dot(prod, RadialW);
                    sumV += half * GlW[j] * accV;
                    sumD += half * GlW[j] * accD;
                }
            }
        }
        return (sumV / (2 * Math.PI), sumD / (2 * Math.PI));
    }

    public override (double V, double VDot) DualDiagonal(double q) => Dual(q, q, q);
}
