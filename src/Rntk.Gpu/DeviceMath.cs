using static Rntk.Gram.Simd.AsinPolynomial;

namespace Rntk.Gpu;

/// <summary>
/// arcsin and arccos in float64 from +, ×, ÷ and √ only, so that one implementation runs in GPU kernels and on
/// ILGPU's CPU accelerator alike.
/// </summary>
/// <remarks>
/// Why our own: PTX has no arcsin/arccos instruction. ILGPU maps <c>Math.Acos</c>/<c>Math.Asin</c> for double
/// only on the CPU (<c>IntrinsicMath.CPUOnly</c>); on CUDA it needs either NVIDIA's libdevice (a CUDA SDK file that
/// a machine with only a driver lacks) or the ILGPU.Algorithms package, whose software versions' accuracy is not
/// documented. <c>Math.Sqrt</c> compiles to the correctly rounded <c>sqrt.rn.f64</c>. The kernels need arccos of
/// correlations arbitrarily close to ±1 (ReLU) and arcsin (erf) to about one ulp, and this is how (the fdlibm
/// reduction, as in the CPU engine's <c>SimdMath</c>):
/// <list type="bullet">
/// <item>|x| ≤ ½: arcsin x = x + x·z·P(z), z = x², with the CPU engine's degree-12 minimax polynomial
///   (<c>AsinPolynomial</c>: 1e-18 relative; it replaced a 24-term Maclaurin series, which cost 11 more FMAs a
///   call: a float64 FMA is the GPU's scarcest arithmetic after division and square root).</item>
/// <item>|x| &gt; ½: the half-angle identity arcsin|x| = π/2 − 2 arcsin √((1−|x|)/2), whose argument is ≤ ½;
///   1 − |x| is exact there (Sterbenz), so arccos x = 2 arcsin √((1−x)/2) keeps full relative accuracy as x → 1,
///   where arccos is steepest.</item>
/// <item>π/2 is split into a head and a tail (Cody–Waite) so that π/2 − small keeps its last bits.</item>
/// </list>
/// Unlike the CPU engine, the rounding of √ is not compensated: that needs an exact FMA, which ILGPU offers only
/// through libdevice. Measured against <c>Math.Acos</c>/<c>Math.Asin</c> in the tests: a few units in the last
/// place at most.
/// </remarks>
public static class DeviceMath
{
    /// <summary>y·z·P(z), z = y², for |y| ≤ ½: the part of arcsin y beyond y (Horner: on a GPU, throughput matters
    /// more than the length of the dependency chain, which other warps hide).</summary>
    private static double AsinTail(double y)
    {
        double z = y * y;
        double p = P12;
        p = p * z + P11;
        p = p * z + P10;
        p = p * z + P9;
        p = p * z + P8;
        p = p * z + P7;
        p = p * z + P6;
        p = p * z + P5;
        p = p * z + P4;
        p = p * z + P3;
        p = p * z + P2;
        p = p * z + P1;
        p = p * z + P0;
        return y * (z * p);
    }

    /// <summary>arcsin x for x ∈ [−1, 1]; NaN outside (like <see cref="Math.Asin"/>).</summary>
    public static double Asin(double x)
    {
        double ax = x < 0 ? -x : x;
        // y + tail rather than y·(1 + z·P): the correction is added to an exact y, one rounding less.
        if (ax <= 0.5) return x + AsinTail(x);
        if (!(ax <= 1)) return double.NaN;
        double s = Math.Sqrt((1 - ax) * 0.5);
        double r = PiOver2Hi - 2 * (s + (AsinTail(s) - 0.5 * PiOver2Lo));
        return x < 0 ? -r : r;
    }

    /// <summary>arccos x for x ∈ [−1, 1]; NaN outside (like <see cref="Math.Acos"/>).</summary>
    public static double Acos(double x)
    {
        if (x >= -0.5 && x <= 0.5) return PiOver2Hi - (x + (AsinTail(x) - PiOver2Lo));
        if (x > 0.5 && x <= 1)
        {
            double s = Math.Sqrt((1 - x) * 0.5);
            return 2 * (s + AsinTail(s));
        }
        if (x < -0.5 && x >= -1)
        {
            double s = Math.Sqrt((1 + x) * 0.5);
            return 2 * PiOver2Hi - 2 * (s + (AsinTail(s) - PiOver2Lo));
        }
        return double.NaN;
    }
}
