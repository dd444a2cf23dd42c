using Rntk.Gram.Simd;
using Rntk.Kernels;

namespace Rntk.Tests.Gram;

/// <summary>The vectorised transcendental functions against the C library, in ulps, over millions of points.</summary>
public class SimdMathTests
{
    private static double Ulps(double actual, double expected)
    {
        if (actual == expected) return 0;
        double ulp = Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected);
        return Math.Abs(actual - expected) / ulp;
    }

    /// <summary>2²¹ points: uniform on [−1, 1], log-uniform towards ±1 (where kernels' correlations live), and around ±½ (the branch switch).</summary>
    private static double[] Points()
    {
        var rng = new Random(12345);
        var x = new double[1 << 21];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (i % 4) switch
            {
                0 => rng.NextDouble() * 2 - 1,
                1 => 1 - Math.Pow(10, -16 * rng.NextDouble()),
                2 => -(1 - Math.Pow(10, -16 * rng.NextDouble())),
                _ => (rng.Next(2) == 0 ? 1 : -1) * (0.5 + (rng.NextDouble() - 0.5) * 1e-3),
            };
        }
        x[0] = 1; x[1] = -1; x[2] = 0; x[3] = -0.0; x[4] = 0.5; x[5] = -0.5;
        x[6] = Math.BitDecrement(1.0); x[7] = Math.BitIncrement(-1.0);
        return x;
    }

    [Fact]
    public void AcosAndAsinAreWithinOneUlp()
    {
        var x = Points();
        var a = new double[x.Length];
        var s = new double[x.Length];
        for (int i = 0; i < x.Length; i += 8)
        {
            var v = Lanes8.Load(ref x[i]);
            Lanes8.Store(SimdMath.Acos(v), ref a[i]);
            Lanes8.Store(SimdMath.Asin(v), ref s[i]);
        }
        double worstAcos = 0, worstAsin = 0;
        for (int i = 0; i < x.Length; i++)
        {
            worstAcos = Math.Max(worstAcos, Ulps(a[i], Math.Acos(x[i])));
            worstAsin = Math.Max(worstAsin, Ulps(s[i], Math.Asin(x[i])));
        }
        // Measured on these 2²¹ points: 1 ulp for both (the C library's are correctly rounded on glibc).
        Assert.True(worstAcos <= 1.5, $"acos: {worstAcos} ulps");
        Assert.True(worstAsin <= 1.5, $"asin: {worstAsin} ulps");
        Assert.Equal(0.0, SimdMath.Acos(Lanes8.Broadcast(1.0)).ToArray()[0]);
        Assert.Equal(Math.PI, SimdMath.Acos(Lanes8.Broadcast(-1.0)).ToArray()[0]);
    }

    [Fact]
    public void AllWidthsGiveTheSameBits()
    {
        var x = Points().AsSpan(0, 1 << 14).ToArray();
        var r2 = new double[x.Length];
        var r4 = new double[x.Length];
        var r8 = new double[x.Length];
        var r16 = new double[x.Length];
        for (int i = 0; i < x.Length; i += 2) Lanes2.Store(SimdMath.Acos(Lanes2.Load(ref x[i])), ref r2[i]);
        for (int i = 0; i < x.Length; i += 4) Lanes4.Store(SimdMath.Acos(Lanes4.Load(ref x[i])), ref r4[i]);
        for (int i = 0; i < x.Length; i += 8) Lanes8.Store(SimdMath.Acos(Lanes8.Load(ref x[i])), ref r8[i]);
        for (int i = 0; i < x.Length; i += 16) Lanes8x2.Store(SimdMath.Acos(Lanes8x2.Load(ref x[i])), ref r16[i]);
        Assert.Equal(r8, r2);
        Assert.Equal(r8, r4);
        Assert.Equal(r8, r16);
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("erf")]
    public void DualsMatchTheClosedForms(string name)
    {
        // V and V̇ from the per-sequence coefficients against Activation.Dual, on random (a, b, c) with |c| ≤ √(ab).
        var act = Activation.Parse(name);
        var rng = new Random(7);
        double worstV = 0, worstVd = 0;
        var c = new double[8];
        var a1 = new double[8];
        var a2 = new double[8];
        var b1 = new double[8];
        var b2 = new double[8];
        var v = new double[8];
        var vd = new double[8];
        var aa = new double[8];
        var bb = new double[8];
        for (int it = 0; it < 50_000; it++)
        {
            for (int k = 0; k < 8; k++)
            {
                aa[k] = Math.Exp(rng.NextDouble() * 8 - 4);
                bb[k] = Math.Exp(rng.NextDouble() * 8 - 4);
                double rho = k == 0 ? 1 - Math.Pow(10, -12 * rng.NextDouble()) : rng.NextDouble() * 2 - 1;
                c[k] = rho * Math.Sqrt(aa[k] * bb[k]);
            }
            Eval(name == "relu", aa, bb, c, a1, a2, b1, b2, v, vd);
            for (int k = 0; k < 8; k++)
            {
                var (ev, evd) = act.Dual(aa[k], bb[k], c[k]);
                // V's natural size is its Cauchy–Schwarz bound √(V(a,a,a)·V(b,b,b)); V itself cancels towards 0 as
                // ρ → −1 (ReLU: ρ(π − θ) + sin θ) or c → 0 (erf), in the reference too, so it is compared to 5 % of that.
                double scale = Math.Sqrt(act.DualDiagonal(aa[k]).V * act.DualDiagonal(bb[k]).V);
                worstV = Math.Max(worstV, Math.Abs(v[k] - ev) / Math.Max(Math.Abs(ev), 0.05 * scale));
                double scaleD = Math.Sqrt(act.DualDiagonal(aa[k]).VDot * act.DualDiagonal(bb[k]).VDot); // likewise (π − θ → 0)
                worstVd = Math.Max(worstVd, Math.Abs(vd[k] - evd) / Math.Max(Math.Abs(evd), 0.05 * scaleD));
            }
        }
        Assert.True(worstV < 1e-14, $"{name} V: {worstV:G3}");
        Assert.True(worstVd < 1e-14, $"{name} V̇: {worstVd:G3}");
    }

    private static void Eval(bool relu, double[] a, double[] b, double[] c, double[] a1, double[] a2, double[] b1, double[] b2, double[] v, double[] vd)
    {
        for (int k = 0; k < 8; k++)
        {
            a1[k] = relu ? ReluDual.Coefficient1(a[k]) : ErfDual.Coefficient1(a[k]);
            a2[k] = relu ? ReluDual.Coefficient2(a[k]) : ErfDual.Coefficient2(a[k]);
            b1[k] = relu ? ReluDual.Coefficient1(b[k]) : ErfDual.Coefficient1(b[k]);
            b2[k] = relu ? ReluDual.Coefficient2(b[k]) : ErfDual.Coefficient2(b[k]);
        }
        Lanes8 rv, rvd;
        if (relu) ReluDual.Dual(Lanes8.Load(ref c[0]), Lanes8.Load(ref a1[0]), Lanes8.Load(ref a2[0]), Lanes8.Load(ref b1[0]), Lanes8.Load(ref b2[0]), out rv, out rvd);
        else ErfDual.Dual(Lanes8.Load(ref c[0]), Lanes8.Load(ref a1[0]), Lanes8.Load(ref a2[0]), Lanes8.Load(ref b1[0]), Lanes8.Load(ref b2[0]), out rv, out rvd);
        Lanes8.Store(rv, ref v[0]);
        Lanes8.Store(rvd, ref vd[0]);
    }

    [Fact]
    public void ReluWithAZeroVarianceGivesTheReferenceBoundaryValues()
    {
        // ab = 0: the reference returns V = 0, V̇ = ¼ (docs/math.md §2); the coefficient 0 reproduces it.
        ReluDual.Dual(Lanes8.Broadcast(0.0), Lanes8.Broadcast(ReluDual.Coefficient1(0)), Lanes8.Broadcast(ReluDual.Coefficient2(0)),
            Lanes8.Broadcast(ReluDual.Coefficient1(2)), Lanes8.Broadcast(ReluDual.Coefficient2(2)), out var v, out var vd);
        Assert.Equal(0.0, v.ToArray()[0]);
        Assert.Equal(0.25, vd.ToArray()[0]);
    }

    [Fact]
    public void DivisionByTwoPiWithoutADivisionIsCorrectlyRounded()
    {
        // ReluDual.OverTwoPi: a product and one FMA correction; must equal x / (2π) bit for bit (the reference divides).
        var rng = new Random(99);
        var x = new double[1 << 20];
        for (int i = 0; i < x.Length; i++) x[i] = Math.Exp(rng.NextDouble() * 200 - 100) * (i % 2 == 0 ? 1 : Math.PI);
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i += 8) Lanes8.Store(ReluDual.OverTwoPi(Lanes8.Load(ref x[i])), ref y[i]);
        for (int i = 0; i < x.Length; i++)
            if (y[i] != x[i] / (2 * Math.PI)) Assert.Fail($"{x[i]:R} / 2π = {x[i] / (2 * Math.PI):R}, got {y[i]:R}");
    }
}
