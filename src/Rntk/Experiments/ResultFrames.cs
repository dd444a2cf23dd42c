using Deedle;

namespace Rntk.Experiments;

/// <summary>Results and their summaries as Deedle data frames, for notebooks and further analysis.</summary>
public static class ResultFrames
{
    /// <summary>The tidy table: one row per (dataset, method), columns as <see cref="ResultsCsv.Header"/>.</summary>
    public static Frame<int, string> Tidy(IEnumerable<ResultRow> rows)
    {
        var list = rows.ToList();
        var frame = Frame.FromRecords(list.Select(r => new
        {
            dataset = r.Dataset, method = r.Method, grid = r.Grid, options = r.Options, @params = r.Parameters,
            cv_accuracy = r.CvAccuracy, test_accuracy = r.TestAccuracy, seconds = r.Seconds, n_train = r.Train, n_test = r.Test,
            n_classes = r.Classes, candidates = r.Candidates,
        }));
        return frame;
    }

    /// <summary>Test accuracy, datasets (rows) × methods (columns), the datasets every method has.</summary>
    public static Frame<string, string> Accuracy(ResultSummary s)
    {
        var cols = new List<KeyValuePair<string, Series<string, double>>>();
        for (int m = 0; m < s.Methods.Count; m++)
        {
            int mi = m;
            cols.Add(KeyValuePair.Create(s.Methods[m],
                new Series<string, double>(s.Datasets, s.Datasets.Select((_, d) => s.Accuracy[d, mi]))));
        }
        return Frame.FromColumns(cols);
    }

    /// <summary>
    /// One row per method: mean accuracy, mean rank, P90, P95, and against <paramref name="reference"/> (if given and
    /// present) the reference's wins/ties/losses and the Wilcoxon p-value.
    /// </summary>
    public static Frame<string, string> Summary(ResultSummary s, string? reference = "rntk")
    {
        bool hasRef = reference is not null && s.Methods.Contains(reference);
        var rows = s.Methods.ToList();
        var cols = new List<KeyValuePair<string, Series<string, double>>>
        {
            KeyValuePair.Create("mean_accuracy", new Series<string, double>(rows, s.MeanAccuracy)),
            KeyValuePair.Create("mean_rank", new Series<string, double>(rows, s.MeanRank)),
            KeyValuePair.Create("p90", new Series<string, double>(rows, s.P90)),
            KeyValuePair.Create("p95", new Series<string, double>(rows, s.P95)),
        };
        if (hasRef)
        {
            var wtl = rows.Select(m => m == reference ? (double.NaN, double.NaN, double.NaN) : ToDoubles(s.WinsTiesLosses(reference!, m))).ToList();
            cols.Add(KeyValuePair.Create($"{reference}_wins", new Series<string, double>(rows, wtl.Select(t => t.Item1))));
            cols.Add(KeyValuePair.Create($"{reference}_ties", new Series<string, double>(rows, wtl.Select(t => t.Item2))));
            cols.Add(KeyValuePair.Create($"{reference}_losses", new Series<string, double>(rows, wtl.Select(t => t.Item3))));
            cols.Add(KeyValuePair.Create($"wilcoxon_p_vs_{reference}",
                new Series<string, double>(rows, rows.Select(m => m == reference || s.Datasets.Count == 0 ? double.NaN : s.Wilcoxon(reference!, m).PValue))));
        }
        return Frame.FromColumns(cols);
    }

    private static (double, double, double) ToDoubles((int W, int T, int L) x) => (x.W, x.T, x.L);
}
