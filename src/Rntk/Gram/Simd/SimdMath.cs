using System.Runtime.CompilerServices;

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
/// P is the weighted minimax polynomial of degree 11 for (asin √z − √z)/(z√z) on [0, ¼] (Remez exchange in
/// 60-digit arithmetic, error 1.5e-17 relative to asin before rounding). One square root per call.
/// </remarks>
internal static class SimdMath
{
    private const double PiOver2Hi = 1.57079632679489655800e+00;  // fdlibm pio2_hi
    private const double PiOver2Lo = 6.12323399573676603587e-17;  // π/2 − pio2_hi
    private const double PiHi = 2 * PiOver2Hi;

    private const double P0 = 0.16666666666665408, P1 = 0.07500000000337013, P2 = 0.044642856828329365,
        P3 = 0.03038195913690209, P4 = 0.0223717580524777, P5 = 0.017359704725323704, P6 = 0.013885235914389704,
        P7 = 0.01216920822968219, P8 = 0.00652799178750746, P9 = 0.019528216126438864, P10 = -0.016224171112571205,
        P11 = 0.03191221141665701;

    /// <summary>The shared reduction: returns v (|x| or √((1−|x|)/2)), corr = v·z·P(z) and the mask |x| &gt; ½.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Reduce<TV>(TV x, out TV a, out TV v, out TV corr, out TV big) where TV : unmanaged, ISimdVector<TV>
    {
        a = TV.Abs(x);
        TV half = TV.Broadcast(0.5);
        big = TV.GreaterThan(a, half);
        TV z = TV.Select(big, (TV.Broadcast(1.0) - a) * half, x * x);
        v = TV.Select(big, TV.Sqrt(z), a);
        // Estrin's scheme: 11 FMAs and 3 products like Horner's 11 FMAs, but 5 levels deep instead of 11, which
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
        p = TV.Fma(r2, z8, p);
        corr = v * (z * p);
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
