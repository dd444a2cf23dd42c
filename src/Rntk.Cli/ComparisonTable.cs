using System.Globalization;
using System.Text;
using Rntk.Experiments;

namespace Rntk.Cli;

/// <summary>The text comparison printed after a benchmark run: accuracies per dataset, then the summaries.</summary>
public static class ComparisonTable
{
    public static string Format(ResultSummary s, string reference = "rntk")
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        int w0 = Math.Max(12, s.Datasets.Concat(["mean accuracy", "mean rank", "P90", "P95"]).Max(d => d.Length) + 1);
        int w = Math.Max(9, s.Methods.Max(m => m.Length) + 2);
        sb.Append("dataset".PadRight(w0));
        foreach (var m in s.Methods) sb.Append(m.PadLeft(w));
        sb.Append('\n');
        for (int d = 0; d < s.Datasets.Count; d++)
        {
            sb.Append(s.Datasets[d].PadRight(w0));
            double best = Enumerable.Range(0, s.Methods.Count).Max(m => s.Accuracy[d, m]);
            for (int m = 0; m < s.Methods.Count; m++)
            {
                string cell = s.Accuracy[d, m].ToString("F4", ci) + (s.Accuracy[d, m] == best ? "*" : " ");
                sb.Append(cell.PadLeft(w));
            }
            sb.Append('\n');
        }
        sb.Append(new string('-', w0 + w * s.Methods.Count)).Append('\n');
        Line(sb, "mean accuracy", w0, w, s.MeanAccuracy.Select(v => v.ToString("F4", ci) + " "));
        Line(sb, "mean rank", w0, w, s.MeanRank.Select(v => v.ToString("F3", ci) + " "));
        Line(sb, "P90", w0, w, s.P90.Select(v => v.ToString("F3", ci) + " "));
        Line(sb, "P95", w0, w, s.P95.Select(v => v.ToString("F3", ci) + " "));
        if (s.Methods.Contains(reference) && s.Datasets.Count > 0)
        {
            Line(sb, $"{reference} W/T/L", w0, w, s.Methods.Select(m =>
            {
                if (m == reference) return "- ";
                var (wins, ties, losses) = s.WinsTiesLosses(reference, m);
                return $"{wins}/{ties}/{losses} ";
            }));
            // With every dataset tied there is no test (Wilcoxon drops zero differences): say so instead of "NaN".
            Line(sb, $"Wilcoxon p", w0, w, s.Methods.Select(m => m == reference ? "- "
                : s.Wilcoxon(reference, m).PValue is var p && double.IsNaN(p) ? "all tied " : p.ToString("G3", ci) + " "));
        }
        sb.Append(string.Create(ci, $"{s.Datasets.Count} datasets with every method; * = best on the dataset; ranks: 1 = best, ties averaged."));
        if (s.Methods.Contains(reference)) sb.Append(string.Create(ci, $" W/T/L and the two-sided Wilcoxon signed-rank p are {reference} against each column."));
        sb.Append('\n');
        if (s.Incomplete.Count > 0)
            sb.Append($"Left out (a method missing): {string.Join(", ", s.Incomplete)}\n");
        return sb.ToString();
    }

    private static void Line(StringBuilder sb, string label, int w0, int w, IEnumerable<string> cells)
    {
        sb.Append(label.PadRight(w0));
        foreach (var c in cells) sb.Append(c.PadLeft(w));
        sb.Append('\n');
    }
}
