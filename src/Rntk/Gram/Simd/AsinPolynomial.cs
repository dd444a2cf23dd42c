namespace Rntk.Gram.Simd;

/// <summary>
/// The polynomial behind our arcsine and arccosine, shared by the CPU engine (<see cref="SimdMath"/>) and the GPU
/// kernel (Rntk.Gpu.DeviceMath), so that both evaluate the same approximation.
/// </summary>
/// <remarks>
/// asin y = y + y·z·P(z), z = y², for |y| ≤ ½ (the fdlibm reduction sends every other argument there). P is the
/// weighted minimax polynomial of degree 12 for (asin √z − √z)/(z√z) on [0, ¼] (Remez exchange in 60-digit
/// arithmetic): error 1e-18 relative to asin before rounding; degree 11 would leave 0.13 ulp. The Maclaurin series
/// needs 24 terms for the same accuracy on this interval.
/// </remarks>
internal static class AsinPolynomial
{
    internal const double P0 = 0.1666666666666676, P1 = 0.07499999999970798, P2 = 0.044642857174613526,
        P3 = 0.03038194270772225, P4 = 0.022372214988959277, P5 = 0.017351611996290765, P6 = 0.013980820695355181,
        P7 = 0.011398911384730849, P8 = 0.010780256034641125, P9 = 0.003706400323486312, P10 = 0.021707460760606402,
        P11 = -0.020999074524457324, P12 = 0.03262862764139127;

    /// <summary>π/2 split in a head and a tail (Cody–Waite; fdlibm's pio2_hi and pio2_lo).</summary>
    internal const double PiOver2Hi = 1.57079632679489655800e+00, PiOver2Lo = 6.12323399573676603587e-17;
}
