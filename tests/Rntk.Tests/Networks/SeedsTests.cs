using MathNet.Numerics.Distributions;
using Rntk.Networks;

namespace Rntk.Tests.Networks;

/// <summary>The random streams every network is drawn from: distinct per path, and truly N(0, 1).</summary>
public class SeedsTests
{
    [Fact]
    public void DerivedSeedsDifferPerPathElementAndAreStable()
    {
        var seen = new HashSet<long>();
        for (int a = 0; a < 50; a++)
            for (int b = -5; b < 50; b++)
                Assert.True(seen.Add(Seeds.Derive(1, a, b)), $"collision at ({a}, {b})");
        Assert.Equal(Seeds.Derive(7, 3, 4), Seeds.Derive(Seeds.Derive(7, 3), 4));
        Assert.NotEqual(Seeds.Derive(1, 2, 3), Seeds.Derive(1, 3, 2)); // order matters
    }

    /// <summary>
    /// One million ziggurat draws against N(0, 1): mean (sd 0.001), variance (sd 0.0014), kurtosis 3 (sd 0.005), the
    /// tail beyond the ziggurat's base R = 3.4426 (expected 576 ± 24 draws: the tail algorithm is a separate path),
    /// and the Kolmogorov–Smirnov distance (1.63/√N at the 1% level). The seed is fixed, so a pass is stable.
    /// </summary>
    [Fact]
    public void NormalDrawsAreStandardNormal()
    {
        const int N = 1_000_000;
        var z = new double[N];
        Seeds.FillNormal(12345, z);
        double mean = z.Average();
        double var = z.Select(v => (v - mean) * (v - mean)).Average();
        double kurt = z.Select(v => Math.Pow(v - mean, 4)).Average() / (var * var);
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(var, 1 - 0.007, 1 + 0.007);
        Assert.InRange(kurt, 3 - 0.025, 3 + 0.025);
        int tail = z.Count(v => Math.Abs(v) > 3.442619855899);
        Assert.InRange(tail, 576 - 5 * 24, 576 + 5 * 24);
        Assert.Contains(z, v => Math.Abs(v) > 4.5); // the tail path really produces far values (P ≈ 6.8e-6 each)

        Array.Sort(z);
        double d = 0;
        for (int i = 0; i < N; i++)
        {
            double f = Normal.CDF(0, 1, z[i]);
            d = Math.Max(d, Math.Max(Math.Abs(f - (double)i / N), Math.Abs(f - (double)(i + 1) / N)));
        }
        Assert.True(d < 1.63 / Math.Sqrt(N), $"KS distance {d:G3}");
    }

    [Fact]
    public void RandomInputsAreReproduciblePrefixes()
    {
        var a = RandomInputs.Gaussian(3, 5, 2, 9);
        var b = RandomInputs.Gaussian(5, 5, 2, 9);
        for (int i = 0; i < 3; i++) Assert.Equal(a[i].Values.ToArray(), b[i].Values.ToArray());
        Assert.Equal(2, a[0].Channels);
        Assert.Equal(5, a[0].Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomInputs.Gaussian(0, 5, 1, 1));
    }
}
