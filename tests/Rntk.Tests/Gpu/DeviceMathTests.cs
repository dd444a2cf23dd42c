using Rntk.Gpu;

namespace Rntk.Tests.Gpu;

/// <summary>The kernel's own arcsin/arccos (PTX has none) against the runtime's, to a few ulp, over [−1, 1].</summary>
public class DeviceMathTests
{
    private static double Ulp(double x) => Math.BitIncrement(Math.Abs(x)) - Math.Abs(x);

    private static IEnumerable<double> Grid()
    {
        var rng = new Random(7);
        for (int k = 0; k < 200_000; k++) yield return rng.NextDouble() * 2 - 1;
        // The steep ends of arccos, the branch points ±½, and exact values.
        for (int e = 1; e <= 52; e++)
        {
            double d = Math.Pow(2, -e);
            foreach (var x in new[] { 1 - d, -1 + d, 0.5 + d / 4, 0.5 - d / 4, -0.5 + d / 4, -0.5 - d / 4, d, -d })
                yield return x;
        }
        foreach (var x in new[] { -1.0, -0.5, 0.0, -0.0, 0.5, 1.0, Math.BitDecrement(1.0), Math.BitIncrement(-1.0) }) yield return x;
    }

    [Fact]
    public void AcosAndAsinAgreeWithTheRuntimeToAFewUlp()
    {
        double worstAcos = 0, worstAsin = 0;
        foreach (var x in Grid())
        {
            double ea = Math.Abs(DeviceMath.Acos(x) - Math.Acos(x)) / Ulp(Math.Acos(x));
            double es = x == 0 ? Math.Abs(DeviceMath.Asin(x)) : Math.Abs(DeviceMath.Asin(x) - Math.Asin(x)) / Ulp(Math.Asin(x));
            worstAcos = Math.Max(worstAcos, ea);
            worstAsin = Math.Max(worstAsin, es);
        }
        Assert.True(worstAcos <= 3, $"arccos: worst error {worstAcos} ulp");
        Assert.True(worstAsin <= 3, $"arcsin: worst error {worstAsin} ulp");
    }

    [Fact]
    public void ExactValuesAndOutOfRange()
    {
        Assert.Equal(0.0, DeviceMath.Acos(1.0));
        Assert.Equal(Math.PI, DeviceMath.Acos(-1.0));
        Assert.Equal(Math.PI / 2, DeviceMath.Acos(0.0));
        Assert.Equal(Math.PI / 2, DeviceMath.Asin(1.0));
        Assert.Equal(-Math.PI / 2, DeviceMath.Asin(-1.0));
        Assert.True(double.IsNaN(DeviceMath.Acos(1.0000000001)));
        Assert.True(double.IsNaN(DeviceMath.Asin(-1.5)));
        Assert.True(double.IsNaN(DeviceMath.Acos(double.NaN)));
        Assert.True(double.IsNaN(DeviceMath.Asin(double.NaN)));
    }

    [Fact]
    public void OverTwoPiIsWithinAnUlpOfTheQuotient()
    {
        // The kernel multiplies by 1/(2π) instead of dividing (no float64 divider on a GPU); V and V̇ tolerate an ulp.
        var rng = new Random(5);
        int exact = 0, n = 100_000;
        for (int k = 0; k < n; k++)
        {
            double x = Math.Exp(rng.NextDouble() * 40 - 20) * (k % 2 == 0 ? 1 : -1);
            double q = x / (2 * Math.PI), r = PairKernel.OverTwoPi(x);
            Assert.True(Math.Abs(r - q) <= Ulp(q), $"x = {x:R}: {r:R} vs {q:R}");
            if (r == q) exact++;
        }
        Assert.True(exact > n / 2, $"only {exact} of {n} correctly rounded");
    }
}
