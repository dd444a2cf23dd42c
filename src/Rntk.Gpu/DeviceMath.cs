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
/// correlations arbitrarily close to ±1 (ReLU) and arcsin (erf) to about one ulp, and this is how:
/// <list type="bullet">
/// <item>|x| ≤ ½: arcsin x = x·Σₙ cₙ x²ⁿ with cₙ = C(2n,n)/(4ⁿ(2n+1)), the Maclaurin series; on x² ≤ ¼ the
///   24 terms kept leave a relative remainder below 1.1e-17, and all terms are positive (no cancellation).</item>
/// <item>|x| &gt; ½: the half-angle identity arcsin|x| = π/2 − 2 arcsin √((1−|x|)/2), whose argument is ≤ ½;
///   1 − |x| is exact there (Sterbenz), so arccos x = 2 arcsin √((1−x)/2) keeps full relative accuracy as x → 1,
///   where arccos is steepest.</item>
/// </list>
/// Measured against <c>Math.Acos</c>/<c>Math.Asin</c> in the tests: a few units in the last place at most.
/// </remarks>
public static class DeviceMath
{
    private const double HalfPi = 1.5707963267948966;
    private const double Pi = 3.141592653589793;

    // cₙ = C(2n,n) / (4ⁿ (2n+1)), rounded to the nearest double (computed exactly with rationals, then rounded).
    private const double C1 = 0.16666666666666666;
    private const double C2 = 0.075;
    private const double C3 = 0.044642857142857144;
    private const double C4 = 0.030381944444444444;
    private const double C5 = 0.022372159090909092;
    private const double C6 = 0.017352764423076924;
    private const double C7 = 0.01396484375;
    private const double C8 = 0.011551800896139705;
    private const double C9 = 0.009761609529194078;
    private const double C10 = 0.008390335809616815;
    private const double C11 = 0.0073125258735988454;
    private const double C12 = 0.006447210311889649;
    private const double C13 = 0.005740037670841924;
    private const double C14 = 0.005153309682319905;
    private const double C15 = 0.004660143486915096;
    private const double C16 = 0.004240907093679363;
    private const double C17 = 0.003880964558837669;
    private const double C18 = 0.0035692053938259347;
    private const double C19 = 0.003297059503473485;
    private const double C20 = 0.0030578216492580306;
    private const double C21 = 0.002846178401108942;
    private const double C22 = 0.00265787063820729;
    private const double C23 = 0.0024894486782468836;

    /// <summary>arcsin y for |y| ≤ ½ (the series, Horner in z = y²).</summary>
    private static double AsinSmall(double y)
    {
        double z = y * y;
        double p = C23;
        p = p * z + C22;
        p = p * z + C21;
        p = p * z + C20;
        p = p * z + C19;
        p = p * z + C18;
        p = p * z + C17;
        p = p * z + C16;
        p = p * z + C15;
        p = p * z + C14;
        p = p * z + C13;
        p = p * z + C12;
        p = p * z + C11;
        p = p * z + C10;
        p = p * z + C9;
        p = p * z + C8;
        p = p * z + C7;
        p = p * z + C6;
        p = p * z + C5;
        p = p * z + C4;
        p = p * z + C3;
        p = p * z + C2;
        p = p * z + C1;
        // y + y·z·p rather than y·(1 + z·p): the correction is added to an exact y, one rounding less.
        return y + y * (z * p);
    }

    /// <summary>arcsin x for x ∈ [−1, 1]; NaN outside (like <see cref="Math.Asin"/>).</summary>
    public static double Asin(double x)
    {
        double ax = x < 0 ? -x : x;
        if (ax <= 0.5) return AsinSmall(x);
        if (!(ax <= 1)) return double.NaN;
        double r = HalfPi - 2 * AsinSmall(Math.Sqrt((1 - ax) * 0.5));
        return x < 0 ? -r : r;
    }

    /// <summary>arccos x for x ∈ [−1, 1]; NaN outside (like <see cref="Math.Acos"/>).</summary>
    public static double Acos(double x)
    {
        if (x >= -0.5 && x <= 0.5) return HalfPi - AsinSmall(x);
        if (x > 0.5 && x <= 1) return 2 * AsinSmall(Math.Sqrt((1 - x) * 0.5));
        if (x < -0.5 && x >= -1) return Pi - 2 * AsinSmall(Math.Sqrt((1 + x) * 0.5));
        return double.NaN;
    }
}
