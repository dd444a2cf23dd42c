using System.Runtime.CompilerServices;
using static Rntk.Gram.Simd.AsinPolynomial;

namespace Rntk.Gram.Simd;

/// <summary>
/// Vectorised arcsine and arccosine accurate to about one ulp over [−1, 1] (the tests measure the maximum
/// against <see cref="Math.Acos"/> and <see cref="Math.Asin"/> over millions of points).
/// </summary>
/// <remarks>
/// The fdlibm scheme with a polynomial instead of fdlibm's rational function (a division costs as much as a
/// square root, and both compete for the same divider unit):
/// <list type="bullet">
/// <item>|x| ≤ ½: asin x = x + x·z·P(z), z = x²;</item>
/// <item>|x| &gt; ½: asin|x| = π/2 − 2·asin s, s = √z, z = (1 − |x|)/2 (1 − |x| is exact there, so
/// arccos near ±1, where a kernel's correlation ρ lives, keeps full relative accuracy);</item>
/// <item>π/2 and π are split into a head and a tail (Cody–Waite) so that π/2 − small keeps its last bits.</item>
/// </list>
/// P is <see cref="AsinPolynomial"/> (degree 12, minimax on [0, ¼]), shared with the GPU kernel. One square
/// root per call; its rounding is compensated (see Reduce).
/// </remarks>
internal static class SimdMath
{
    private const double PiHi = 2 * PiOver2Hi;

    /// <summary>The shared reduction: returns v (|x| or √((1−|x|)/2)), corr = v·z·P(z) and the mask |x| &gt; ½.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Reduce<TV>(TV x, out TV a, out TV v, out TV corr, out TV big) where TV : unmanaged, ISimdVector<TV>
    {
        a = TV.Abs(x);
        TV half = TV.Broadcast(0.5);
        big = TV.GreaterThan(a, half);
        TV z = TV.Select(big, (TV.Broadcast(1.0) - a) * half, x * x);
        v = TV.Select(big, TV.Sqrt(z), a);
        // Estrin's scheme: 12 FMAs and 3 products against Horner's 12 FMAs, but 5 levels deep instead of 12, which
        // shortens the dependency chain of a pair-step by ~25 cycles.
        TV z2 = z * z;
        TV q0 = TV.Fma(TV.Broadcast(P1), z, TV.Broadcast(P0));
        TV q1 = TV.Fma(TV.Broadcast(P3), z, TV.Broadcast(P2));
        TV q2 = TV.Fma(TV.Broadcast(P5), z, TV.Broadcast(P4));
        TV q3 = TV.Fma(TV.Broadcast(P7), z, TV.Broadcast(P6));
        TV q4 = TV.Fma(TV.Broadcast(P9), z, TV.Broadcast(P8));
        TV q5 = TV.Fma(TV.Broadcast(P11), z, TV.Broadcast(P10));
        TV z4 = z2 * z2;
        TV r0 = TV.Fma(q1, z2, q0);
        TV r1 = TV.Fma(q3, z2, q2);
        TV r2 = TV.Fma(q5, z2, q4);
        TV z8 = z4 * z4;
        TV p = TV.Fma(r1, z4, r0);
        p = TV.Fma(TV.Fma(TV.Broadcast(P12), z4, r2), z8, p);
        corr = v * (z * p);
        // √z is rounded (up to ½ ulp), and for |x| > ½ the result is 2·asin(√z) ≈ 2√z: that rounding alone would be
        // a full ulp of arccos near x = 1, where kernels' correlations live. Its exact residual z − v² (one FMA)
        // over 2v is the missing part of √z; 1/v to 12 % suffices for a term below ½ ulp.
        TV zero = TV.Broadcast(0.0);
        TV residual = TV.Fma(zero - v, v, z);
        corr = corr + TV.Select(big, residual * (half * TV.ReciprocalEstimate(v)), zero);
    }

    /// <summary>arccos x for x ∈ [−1, 1] (callers clamp), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Acos<TV>(TV x) where TV : unmanaged, ISimdVector<TV>
    {
        Reduce(x, out _, out TV v, out TV corr, out TV big);
        // acos x = B + K·(v + (corr − lo)), v ≥ 0:
        //   |x| ≤ ½, x ≥ 0:  π/2 − asin|x|    B = pio2_hi  K = −1  lo = +pio2_lo
        //   |x| ≤ ½, x < 0:  π/2 + asin|x|    B = pio2_hi  K = +1  lo = −pio2_lo
        //   x > ½:           2·asin s         B = 0        K = +2  lo = 0
        //   x < −½:          π − 2·asin s     B = pi_hi    K = −2  lo = +pio2_lo
        // K and the small branch's lo are constants whose sign follows x (CopySign); four selects remain.
        TV zero = TV.Broadcast(0.0);
        TV negative = TV.GreaterThan(zero, x);
        TV k = TV.CopySign(TV.Select(big, TV.Broadcast(2.0), TV.Broadcast(1.0)), TV.Select(big, x, zero - x));
        TV lo = TV.Select(big, TV.Select(negative, TV.Broadcast(PiOver2Lo), zero), TV.CopySign(TV.Broadcast(PiOver2Lo), x));
        TV b = TV.Select(big, TV.Select(negative, TV.Broadcast(PiHi), zero), TV.Broadcast(PiOver2Hi));
        return TV.Fma(k, v + (corr - lo), b);
    }

    /// <summary>arcsin x for x ∈ [−1, 1] (callers clamp), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Asin<TV>(TV x) where TV : unmanaged, ISimdVector<TV>
    {
        Reduce(x, out _, out TV v, out TV corr, out TV big);
        //   |x| ≤ ½:  asin|x| = v + corr
        //   |x| > ½:  asin|x| = pio2_hi − 2·(v + (corr − pio2_lo/2))
        TV zero = TV.Broadcast(0.0);
        TV lo = TV.Select(big, TV.Broadcast(0.5 * PiOver2Lo), zero);
        TV w = v + (corr - lo);
        TV r = TV.Select(big, TV.Broadcast(PiOver2Hi) - (w + w), w);
        return TV.CopySign(r, x);
    }
}
