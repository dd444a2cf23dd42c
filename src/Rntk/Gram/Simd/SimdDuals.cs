using System.Runtime.CompilerServices;

namespace Rntk.Gram.Simd;

/// <summary>
/// A closed-form dual activation (docs/math.md §2) in the form the SIMD engine evaluates: two coefficients per
/// sequence, layer and step, precomputed once from the variance q, so that a pair-step needs no division and no
/// square root of a product (the per-pair ones come out of the per-sequence ones).
/// </summary>
internal interface ISimdDual
{
    /// <summary>First per-step coefficient of a sequence with variance q.</summary>
    static abstract double Coefficient1(double q);
    /// <summary>Second per-step coefficient of a sequence with variance q.</summary>
    static abstract double Coefficient2(double q);
    /// <summary>V and V̇ of covariance c between a row sequence (coefficients a1, a2) and lane sequences (b1, b2).</summary>
    static abstract void Dual<TV>(TV c, TV a1, TV a2, TV b1, TV b2, out TV v, out TV vdot) where TV : unmanaged, ISimdVector<TV>;
}

/// <summary>
/// ReLU (arc-cosine) in the reference's order of operations: s = √(ab), ρ = clamp(c/s), θ = arccos ρ,
/// V = s/(2π)·(ρ(π − θ) + √(1 − ρ²)), V̇ = (π − θ)/(2π). Coefficient 1 is q (coefficient 2 is unused).
/// </summary>
/// <remarks>
/// Why not the division-free form (ρ = c·q_a^−½·q_b^−½ from per-sequence coefficients)? It is ~15 % faster, but near
/// ρ → 1 (long, similar series such as GunPoint's) V̇ = (π − θ)/(2π) amplifies an ulp of ρ by 1/√(1 − ρ²), and
/// over 150 steps the RNTK drifts up to 3e-12 from the reference (measured), beyond the 1e-12 agreement this engine
/// promises. Rounded exactly like the reference (and with an arccos that matches the C library's correctly rounded
/// one on 99 % of points near 1), 98 % of GunPoint's entries are bit-identical and the worst agrees to 7e-14.
/// The two divisions by 2π are done as a product and one FMA correction (exact here: it reproduces the
/// correctly rounded quotient, as the tests check), keeping the divider free for the one division c/s.
/// With ab = 0 the reference returns V = 0, V̇ = ¼; here s = 0 gives ρ = ±∞ or NaN, handled by a mask.
/// </remarks>
internal readonly struct ReluDual : ISimdDual
{
    private const double TwoPi = 2 * Math.PI;
    private const double InvTwoPi = 1 / (2 * Math.PI);

    public static double Coefficient1(double q) => q;
    public static double Coefficient2(double q) => q;

    /// <summary>x/(2π) correctly rounded without a division: q0 = x·(1/2π), then one Newton–Markstein correction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV OverTwoPi<TV>(TV x) where TV : unmanaged, ISimdVector<TV>
    {
        TV q0 = x * TV.Broadcast(InvTwoPi);
        TV residual = TV.Fma(TV.Broadcast(-TwoPi), q0, x);
        return TV.Fma(residual, TV.Broadcast(InvTwoPi), q0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Dual<TV>(TV c, TV a1, TV a2, TV b1, TV b2, out TV v, out TV vdot) where TV : unmanaged, ISimdVector<TV>
    {
        TV one = TV.Broadcast(1.0), zero = TV.Broadcast(0.0);
        TV s = TV.Sqrt(a1 * b1);
        TV positive = TV.GreaterThan(s, zero);
        TV rho = TV.Max(TV.Min(TV.Select(positive, c / s, zero), one), TV.Broadcast(-1.0));
        TV piMinusTheta = TV.Broadcast(Math.PI) - SimdMath.Acos(rho);
        v = OverTwoPi(s) * (rho * piMinusTheta + TV.Sqrt(one - rho * rho));
        vdot = TV.Select(positive, OverTwoPi(piMinusTheta), TV.Broadcast(0.25));
    }
}

/// <summary>
/// erf (arcsine): coefficients 1 + 2q and q. V = (2/π)·asin(2c/√((1+2a)(1+2b))) rounded like the reference (its
/// argument is as sensitive near ±1 as ReLU's ρ); V̇ = (4/π)/√(1 + 2(a + b) + 4·max(ab − c², 0)), whose sum is
/// grouped symmetrically (the reference adds 2a then 2b) so that k(x, y) and k(y, x) have the same bits whichever
/// sequence is the row: an ulp of V̇ is not amplified, it only enters Θ linearly.
/// </summary>
internal readonly struct ErfDual : ISimdDual
{
    private const double TwoOverPi = 2 / Math.PI;
    private const double FourOverPi = 4 / Math.PI;

    public static double Coefficient1(double q) => 1 + 2 * q;
    public static double Coefficient2(double q) => q;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Dual<TV>(TV c, TV a1, TV a2, TV b1, TV b2, out TV v, out TV vdot) where TV : unmanaged, ISimdVector<TV>
    {
        TV one = TV.Broadcast(1.0);
        TV arg = TV.Max(TV.Min((c + c) / TV.Sqrt(a1 * b1), one), TV.Broadcast(-1.0));
        v = TV.Broadcast(TwoOverPi) * SimdMath.Asin(arg);
        TV det = one + TV.Broadcast(2.0) * (a2 + b2) + TV.Broadcast(4.0) * TV.Max(a2 * b2 - c * c, TV.Broadcast(0.0));
        vdot = TV.Broadcast(FourOverPi) / TV.Sqrt(det);
    }
}

/// <summary>
/// The division-free ReLU form, kept to measure what exactness costs (<c>rntk bench</c> reports both): coefficients
/// q^−½ (0 when q = 0) and √q, ρ = c·a1·b1, √(ab) = a2·b2. Not used by the engine (see <see cref="ReluDual"/>).
/// </summary>
internal readonly struct ReluFastDual : ISimdDual
{
    public static double Coefficient1(double q) => q > 0 ? 1 / Math.Sqrt(q) : 0;
    public static double Coefficient2(double q) => Math.Sqrt(q);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Dual<TV>(TV c, TV a1, TV a2, TV b1, TV b2, out TV v, out TV vdot) where TV : unmanaged, ISimdVector<TV>
    {
        TV one = TV.Broadcast(1.0);
        TV rho = TV.Max(TV.Min(c * (a1 * b1), one), TV.Broadcast(-1.0));
        TV piMinusTheta = TV.Broadcast(Math.PI) - SimdMath.Acos(rho);
        v = ReluDual.OverTwoPi(a2 * b2) * (rho * piMinusTheta + TV.Sqrt(one - rho * rho));
        vdot = ReluDual.OverTwoPi(piMinusTheta);
    }
}
