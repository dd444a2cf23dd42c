using Rntk.Baselines;
using Rntk.Data;

namespace Rntk.Tests.Baselines;

public class DtwTests
{
    /// <summary>The textbook O(n·m) DTW over the full cost matrix (the oracle).</summary>
    internal static double Naive(Sequence a, Sequence b, int r)
    {
        int n = a.Length, m = b.Length;
        r = Math.Max(r, Math.Abs(n - m));
        var D = new double[n + 1, m + 1];
        for (int i = 0; i <= n; i++) for (int j = 0; j <= m; j++) D[i, j] = double.PositiveInfinity;
        D[0, 0] = 0;
        for (int i = 1; i <= n; i++)
            for (int j = 1; j <= m; j++)
            {
                if (Math.Abs(i - j) > r) continue;
                double c = 0;
                for (int k = 0; k < a.Channels; k++) { double d = a[i - 1, k] - b[j - 1, k]; c += d * d; }
                D[i, j] = c + Math.Min(D[i - 1, j - 1], Math.Min(D[i - 1, j], D[i, j - 1]));
            }
        return D[n, m];
    }

    [Theory]
    [InlineData(1, 5, 30, 1)]
    [InlineData(2, 1, 12, 1)]
    [InlineData(3, 8, 25, 3)]
    public void Rolling_rows_equal_the_full_matrix_for_every_window(int seed, int minT, int maxT, int m)
    {
        var set = TestData.RandomSet(12, minT, maxT, m, seed);
        var buffer = new double[2 * (maxT + 1)];
        foreach (int r in new[] { 0, 1, 3, 10, Dtw.FullWindow })
            for (int i = 0; i < set.Count; i++)
                for (int j = 0; j < set.Count; j++)
                {
                    double expected = Naive(set[i], set[j], r == Dtw.FullWindow ? int.MaxValue / 2 : r);
                    Assert.Equal(expected, Dtw.Distance(set[i], set[j], r, double.PositiveInfinity, buffer), 12);
                }
    }

    [Fact]
    public void Window_zero_is_the_squared_Euclidean_distance_and_DTW_is_never_above_it()
    {
        var set = TestData.RandomSet(10, 20, 20, 1, 7);
        foreach (var a in set)
            foreach (var b in set)
            {
                double ed = OneNearestNeighbor.SquaredEuclidean(a.Values, b.Values);
                Assert.Equal(ed, Dtw.Distance(a, b, 0), 12);
                Assert.True(Dtw.Distance(a, b) <= ed + 1e-12);
            }
    }

    [Fact]
    public void Cutoff_abandons_only_when_the_result_must_exceed_it()
    {
        var set = TestData.RandomSet(8, 15, 25, 1, 11);
        var buffer = new double[64];
        int abandoned = 0;
        for (int i = 0; i < set.Count; i++)
            for (int j = 0; j < set.Count; j++)
            {
                double exact = Dtw.Distance(set[i], set[j], 4);
                Assert.Equal(exact, Dtw.Distance(set[i], set[j], 4, exact, buffer)); // a tie survives
                Assert.Equal(exact, Dtw.Distance(set[i], set[j], 4, exact * 2, buffer));
                // Below the cutoff: either the exact value (not yet certain mid-way) or +∞ (abandoned), never less.
                double cut = Dtw.Distance(set[i], set[j], 4, exact * 0.5, buffer);
                Assert.True(cut == exact || double.IsPositiveInfinity(cut), $"{cut} vs {exact}");
                if (double.IsPositiveInfinity(cut)) abandoned++;
                Assert.Equal(double.PositiveInfinity, Dtw.Distance(set[i], set[j], 4, -1, buffer));
            }
        Assert.True(abandoned > 0, "no DTW was abandoned early");
    }

    [Theory]
    [InlineData(11, 128, WindowRounding.Ceiling, 15)]
    [InlineData(11, 128, WindowRounding.Floor, 14)]
    [InlineData(4, 82, WindowRounding.Ceiling, 4)]
    [InlineData(0, 500, WindowRounding.Ceiling, 0)]
    [InlineData(100, 50, WindowRounding.Ceiling, Dtw.FullWindow)]
    public void Window_percentages_become_band_radii(double percent, int length, WindowRounding rounding, int expected) =>
        Assert.Equal(expected, Dtw.WindowFromPercent(percent, length, rounding));
}
