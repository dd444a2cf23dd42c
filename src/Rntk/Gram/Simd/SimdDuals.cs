using System.Runtime.CompilerServices;

namespace Rntk.Gram.Simd;

/// <summary>
/// A closed-form dual activation (rntk-math.md §2) in the form the SIMD engine evaluates: two coefficients per
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
/// ReLU (arc-cosine): coefficients 1/√q (0 when q = 0) and √q. ρ = c·(1/√a)(1/√b) and √(ab) = √a·√b instead of
/// c/√(ab): both differ from the reference's rounding by an ulp or two, far inside the 1e-12 tolerance. With q = 0
/// the coefficient 0 gives ρ = 0 and V = 0, V̇ = ¼: the reference's values for ab = 0.
/// </summary>
internal readonly struct ReluDual : ISimdDual
{
    private const double InvTwoPi = 1 / (2 * Math.PI);

    public static double Coefficient1(double q) => q > 0 ? 1 / Math.Sqrt(q) : 0;
    public static double Coefficient2(double q) => Math.Sqrt(q);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Dual<TV>(TV c, TV a1, TV a2, TV b1, TV b2, out TV v, out TV vdot) where TV : unmanaged, ISimdVector<TV>
    {
        TV one = TV.Broadcast(1.0);
        TV rho = TV.Max(TV.Min(c * (a1 * b1), one), TV.Broadcast(-1.0));
        // π − arccos ρ = arccos(−ρ): computed directly, it needs no subtraction near ρ = 1.
        TV piMinusTheta = SimdMath.Acos(TV.Broadcast(0.0) - rho);
        TV sinTheta = TV.Sqrt(one - rho * rho);
        TV scale = a2 * b2 * TV.Broadcast(InvTwoPi);
        v = scale * (rho * piMinusTheta + sinTheta);
        vdot = piMinusTheta * TV.Broadcast(InvTwoPi);
    }
}

/// <summary>
/// erf (arcsine): coefficients 1/√(1+2q) and q. V = (2/π)·asin(2c/√((1+2a)(1+2b))),
/// V̇ = (4/π)/√(1 + 2a + 2b + 4·max(ab − c², 0)), the latter in the reference's order of operations.
/// </summary>
internal readonly struct ErfDual : ISimdDual
{
    private const double TwoOverPi = 2 / Math.PI;
    private const double FourOverPi = 4 / Math.PI;

    public static double Coefficient1(double q) => 1 / Math.Sqrt(1 + 2 * q);
    public static double Coefficient2(double q) => q;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Dual<TV>(TV c, TV a1, TV a2, TV b1, TV b2, out TV v, out TV vdot) where TV : unmanaged, ISimdVector<TV>
    {
        TV one = TV.Broadcast(1.0), two = TV.Broadcast(2.0);
        TV arg = TV.Max(TV.Min((c + c) * (a1 * b1), one), TV.Broadcast(-1.0));
        v = TV.Broadcast(TwoOverPi) * SimdMath.Asin(arg);
        TV det = one + two * a2 + two * b2 + TV.Broadcast(4.0) * TV.Max(a2 * b2 - c * c, TV.Broadcast(0.0));
        vdot = TV.Broadcast(FourOverPi) / TV.Sqrt(det);
    }
}
