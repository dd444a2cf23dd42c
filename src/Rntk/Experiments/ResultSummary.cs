namespace Rntk.Experiments;

/// <summary>
/// Comparison of methods across datasets from a results table: the datasets × methods test-accuracy matrix (datasets
/// where every method has a result), mean accuracy, mean rank (Friedman: rank 1 = best per dataset, ties share the
/// average rank), wins/ties/losses for every ordered pair, P90/P95 (share of datasets where a method reaches 90 % / 95 %
/// of the best method's accuracy on that dataset), and Wilcoxon signed-rank p-values of a reference method against each other.
/// </summary>
public sealed class ResultSummary
{
    public IReadOnlyList<string> Methods { get; }
    /// <summary>Datasets with a result for every method, in first-seen order.</summary>
    public IReadOnlyList<string> Datasets { get; }
    /// <summary>Test accuracy [dataset, method].</summary>
    public double[,] Accuracy { get; }
    public IReadOnlyList<double> MeanAccuracy { get; }
    public IReadOnlyList<double> MeanRank { get; }
    public IReadOnlyList<double> P90 { get; }
    public IReadOnlyList<double> P95 { get; }
    /// <summary>Datasets that lack a result for some method (left out of every statistic).</summary>
    public IReadOnlyList<string> Incomplete { get; }

    private ResultSummary(IReadOnlyList<string> methods, IReadOnlyList<string> datasets, double[,] acc, IReadOnlyList<string> incomplete)
    {
        Methods = methods;
        Datasets = datasets;
        Accuracy = acc;
        Incomplete = incomplete;
        int nd = datasets.Count, nm = methods.Count;
        var mean = new double[nm];
        var rank = new double[nm];
        var p90 = new double[nm];
        var p95 = new double[nm];
        for (int d = 0; d < nd; d++)
        {
            var row = new double[nm];
            for (int m = 0; m < nm; m++) row[m] = acc[d, m];
            var r = RanksDescending(row);
            double best = row.Max();
            for (int m = 0; m < nm; m++)
            {
                mean[m] += row[m];
                rank[m] += r[m];
                // A small slack absorbs rounding in 0.9·best; accuracies are ratios of small integers.
                if (row[m] >= 0.90 * best - 1e-12) p90[m]++;
                if (row[m] >= 0.95 * best - 1e-12) p95[m]++;
            }
        }
        for (int m = 0; m < nm; m++)
        {
            mean[m] = nd == 0 ? double.NaN : mean[m] / nd;
            rank[m] = nd == 0 ? double.NaN : rank[m] / nd;
            p90[m] = nd == 0 ? double.NaN : p90[m] / nd;
            p95[m] = nd == 0 ? double.NaN : p95[m] / nd;
        }
        MeanAccuracy = mean;
        MeanRank = rank;
        P90 = p90;
        P95 = p95;
    }

    /// <summary>
    /// Builds the summary from result rows. <paramref name="methods"/> fixes the columns and their order (default: every
    /// method in first-seen order). If a (dataset, method) appears more than once (e.g. two grids), the last row wins.
    /// </summary>
    public static ResultSummary Compute(IEnumerable<ResultRow> rows, IReadOnlyList<string>? methods = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToList();
        var ms = methods?.ToList() ?? list.Select(r => r.Method).Distinct().ToList();
        var byKey = new Dictionary<(string, string), double>();
        var datasets = new List<string>();
        foreach (var r in list)
        {
            if (!datasets.Contains(r.Dataset)) datasets.Add(r.Dataset);
            byKey[(r.Dataset, r.Method)] = r.TestAccuracy;
        }
        var complete = datasets.Where(d => ms.All(m => byKey.ContainsKey((d, m)))).ToList();
        var incomplete = datasets.Except(complete).ToList();
        var acc = new double[complete.Count, ms.Count];
        for (int d = 0; d < complete.Count; d++)
            for (int m = 0; m < ms.Count; m++) acc[d, m] = byKey[(complete[d], ms[m])];
        return new ResultSummary(ms, complete, acc, incomplete);
    }

    /// <summary>Wins, ties and losses of method <paramref name="a"/> against <paramref name="b"/> (by test accuracy).</summary>
    public (int Wins, int Ties, int Losses) WinsTiesLosses(string a, string b)
    {
        int ia = Index(a), ib = Index(b), w = 0, t = 0, l = 0;
        for (int d = 0; d < Datasets.Count; d++)
        {
            double x = Accuracy[d, ia], y = Accuracy[d, ib];
            if (x > y) w++;
            else if (x < y) l++;
            else t++;
        }
        return (w, t, l);
    }

    /// <summary>The two-sided Wilcoxon signed-rank test of <paramref name="a"/>'s accuracies against <paramref name="b"/>'s.</summary>
    public WilcoxonSignedRank.Result Wilcoxon(string a, string b)
    {
        int ia = Index(a), ib = Index(b);
        var x = new double[Datasets.Count];
        var y = new double[Datasets.Count];
        for (int d = 0; d < Datasets.Count; d++) { x[d] = Accuracy[d, ia]; y[d] = Accuracy[d, ib]; }
        return WilcoxonSignedRank.Test(x, y);
    }

    public int Index(string method)
    {
        int i = Methods.ToList().IndexOf(method);
        return i >= 0 ? i : throw new ArgumentException($"Method '{method}' is not in the summary ({string.Join(", ", Methods)}).");
    }

    /// <summary>Ranks of <paramref name="values"/> with the largest ranked 1 and ties given their average rank.</summary>
    public static double[] RanksDescending(IReadOnlyList<double> values)
    {
        var neg = values.Select(v => -v).ToArray();
        return WilcoxonSignedRank.Ranks(neg).Ranks;
    }
}
