using Rntk.Data;

namespace Rntk.Tests.Data;

public class ZNormalizationTests
{
    [Fact]
    public void Each_channel_gets_mean_zero_and_population_sd_one()
    {
        var s = new Sequence([1, 100, 2, 300, 3, 200, 6, 400], 2);
        var z = ZNormalization.Apply(s);
        for (int c = 0; c < 2; c++)
        {
            var v = Enumerable.Range(0, 4).Select(t => z[t, c]).ToArray();
            Assert.Equal(0, v.Average(), 12);
            Assert.Equal(1, Math.Sqrt(v.Select(x => x * x).Average()), 12);
        }
        // Channel 0 = (1,2,3,6): mean 3, population sd √3.5.
        Assert.Equal((1 - 3) / Math.Sqrt(3.5), z[0, 0], 14);
    }

    [Fact]
    public void A_constant_series_becomes_zeros_not_NaN()
    {
        var z = ZNormalization.Apply(Sequence.Univariate(0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1));
        Assert.All(z.Values.ToArray(), v => Assert.Equal(0, v));
        Assert.All(ZNormalization.Apply(Sequence.Univariate(5)).Values.ToArray(), v => Assert.Equal(0, v));
    }
}
