using MathNet.Numerics.Distributions;

namespace Rntk.Experiments;

/// <summary>
/// The two-sided Wilcoxon signed-rank test of paired samples, with the defaults of <c>scipy.stats.wilcoxon</c>
/// (zero_method='wilcox', correction=False, method='auto'), so p-values can be quoted beside papers that used SciPy.
/// </summary>
/// <remarks>
/// d = x − y. Zero differences are dropped (Wilcoxon's method); the |d| left are ranked with average ranks for ties and
/// W+ is the sum of the ranks of positive d. The p-value, as SciPy's 'auto' chooses:
/// <list type="bullet">
/// <item>n ≤ 50 (n counts the zeros too), no ties, no zeros: exact, from the null distribution of W+ over the 2^n' sign
/// patterns (n' non-zero differences): p = min(1, 2·min(P(W+ ≥ ⌊w⌋), P(W+ ≤ ⌈w⌉))).</item>
/// <item>n ≤ 13 with ties or zeros: the exact permutation test over all 2^n sign flips of d (SciPy's PermutationMethod,
/// deterministic at this size), two-sided as 2·min(P(T ≤ t), P(T ≥ t)) with SciPy's relative tolerance 100·ε.</item>
/// <item>otherwise the normal approximation z = (W+ − n'(n'+1)/4) / σ, σ² = (n'(n'+1)(2n'+1) − Σ(t³ − t)/2) / 24 over
/// tie groups t, p = 2·Φ(−|z|), no continuity correction.</item>
/// </list>
/// </remarks>
public static class WilcoxonSignedRank
{
    /// <summary>The result: min(W+, W−) (SciPy's two-sided "statistic"), W+, the p-value and which method gave it.</summary>
    public sealed record Result(double Statistic, double WPlus, double PValue, string Method, int NonZero);

    public static Result Test(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"Paired samples must have equal sizes ({x.Count} and {y.Count}).");
        var d = new double[x.Count];
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = x[i] - y[i];
            if (double.IsNaN(d[i])) throw new ArgumentException($"Pair {i} holds NaN.");
        }
        return Test(d);
    }

    /// <summary>The test of the differences <paramref name="d"/> against a distribution symmetric about zero.</summary>
    public static Result Test(IReadOnlyList<double> d)
    {
        int n = d.Count;
        if (n == 0) throw new ArgumentException("The Wilcoxon test needs at least one pair.");
        var nonZero = d.Where(v => v != 0).ToArray();
        int nz = nonZero.Length;
        var (ranks, tieGroups) = Ranks(nonZero.Select(Math.Abs).ToArray());
        double wPlus = 0, wMinus = 0;
        for (int i = 0; i < nz; i++)
        {
            if (nonZero[i] > 0) wPlus += ranks[i];
            else wMinus += ranks[i];
        }
        double statistic = Math.Min(wPlus, wMinus);
        bool ties = tieGroups.Any(t => t > 1), zeros = nz < n;
        if (nz == 0) return new Result(statistic, wPlus, double.NaN, "none", 0);

        if (n <= 50 && !ties && !zeros)
        {
            var counts = ExactCounts(nz);
            double total = Math.Pow(2, nz);
            double sf = 0, cdf = 0;
            int lo = (int)Math.Floor(wPlus), hi = (int)Math.Ceiling(wPlus);
            for (int k = lo; k < counts.Length; k++) sf += counts[k];
            for (int k = 0; k <= hi && k < counts.Length; k++) cdf += counts[k];
            return new Result(statistic, wPlus, Math.Min(1, 2 * Math.Min(sf, cdf) / total), "exact", nz);
        }
        if (n <= 13)
            return new Result(statistic, wPlus, Permutation(d, wPlus), "permutation", nz);

        double mean = nz * (nz + 1) * 0.25;
        double tieTerm = tieGroups.Sum(t => (double)t * t * t - t);
        double se = Math.Sqrt((nz * (nz + 1.0) * (2.0 * nz + 1) - tieTerm / 2) / 24);
        double z = (wPlus - mean) / se;
        return new Result(statistic, wPlus, Math.Min(1, 2 * Normal.CDF(0, 1, -Math.Abs(z))), "normal", nz);
    }

    /// <summary>Average ranks (1-based) of <paramref name="v"/> and the sizes of its tie groups.</summary>
    internal static (double[] Ranks, List<int> TieGroups) Ranks(double[] v)
    {
        var order = Enumerable.Range(0, v.Length).OrderBy(i => v[i]).ToArray();
        var ranks = new double[v.Length];
        var groups = new List<int>();
        for (int a = 0; a < order.Length;)
        {
            int b = a;
            while (b + 1 < order.Length && v[order[b + 1]] == v[order[a]]) b++;
            double avg = (a + b) / 2.0 + 1;
            for (int k = a; k <= b; k++) ranks[order[k]] = avg;
            groups.Add(b - a + 1);
            a = b + 1;
        }
        return (ranks, groups);
    }

    /// <summary>Number of subsets of {1, …, n} summing to k, for k = 0 … n(n+1)/2: W+'s null counts.</summary>
    private static double[] ExactCounts(int n)
    {
        var c = new double[n * (n + 1) / 2 + 1];
        c[0] = 1;
        for (int k = 1; k <= n; k++)
            for (int s = c.Length - 1; s >= k; s--) c[s] += c[s - k];
        return c;
    }

    /// <summary>SciPy's exact sign-flip permutation test of W+ (zeros stay zero and add nothing to W+).</summary>
    private static double Permutation(IReadOnlyList<double> d, double observed)
    {
        int n = d.Count;
        var nonZero = d.Where(v => v != 0).ToArray();
        var (ranks, _) = Ranks(nonZero.Select(Math.Abs).ToArray());
        // Ranks by position in d (zeros carry none); flipping a sign moves that rank between W+ and W−.
        var rankOf = new double[n];
        for (int i = 0, k = 0; i < n; i++) rankOf[i] = d[i] != 0 ? ranks[k++] : 0;
        double gamma = Math.Abs(100 * 2.220446049250313e-16 * observed); // SciPy: 100·finfo(float64).eps relative
        long total = 1L << n, less = 0, greater = 0;
        for (long mask = 0; mask < total; mask++)
        {
            double w = 0;
            for (int i = 0; i < n; i++)
            {
                if (d[i] == 0) continue;
                bool positive = (d[i] > 0) ^ (((mask >> i) & 1) == 1);
                if (positive) w += rankOf[i];
            }
            if (w <= observed + gamma) less++;
            if (w >= observed - gamma) greater++;
        }
        return Math.Min(1, 2.0 * Math.Min(less, greater) / total);
    }
}
