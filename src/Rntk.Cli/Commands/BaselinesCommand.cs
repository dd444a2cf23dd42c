using System.Globalization;
using Rntk.Baselines;
using Rntk.Data;

namespace Rntk.Cli.Commands;

/// <summary>`rntk baselines check`: our 1-NN ED / DTW test errors against the archive's DataSummary.</summary>
public sealed class BaselinesCommand : ICommand
{
    public string Name => "baselines";
    public string Summary => "check 1-NN Euclidean and DTW error rates against the UCR archive's published ones";
    public IReadOnlyCollection<string> Flags => ["json"];
    public string Usage =>
        "Usage: rntk baselines check [NAME...] [--data-dir DIR] [--summary FILE] [--threads N] [--json]\n\n" +
        "For every local dataset (or the NAMEs given) computes the test error of 1-NN Euclidean, 1-NN DTW with the\n" +
        "full window and 1-NN DTW with the archive's learned window, and compares them with DataSummary_UCR2018.csv\n" +
        "(--summary, default DIR/DataSummary_UCR2018.csv) to 4 decimals. Series are prepared as the archive did:\n" +
        "z-normalised, variable lengths zero-padded to the longest, missing values interpolated.\n" +
        "Exit status 1 if any dataset differs in \"ED (w=0)\" or \"DTW (w=100)\"; the learned-window column is reported.\n" +
        "--json prints per dataset {dataset, n_test, archive_n_test, ed, archive_ed, dtw_full, archive_dtw_full,\n" +
        "dtw_learned, archive_dtw_learned, window_percent, window, match, seconds, note}.";

    public int Run(CliArgs a, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (a.Positionals.Count == 0 || a.Positionals[0] != "check")
            throw new CliException("Usage: rntk baselines check [NAME...] [--data-dir DIR] [--json].");
        string dir = UcrArchive.ResolveDataDir(a.String("data-dir"));
        string summaryPath = a.String("summary") ?? UcrSummary.Find(dir) ?? throw new CliException(
            $"No DataSummary_UCR2018.csv in {dir}; pass --summary FILE (the archive's DataSummary.csv).");
        int threads = a.Int("threads", -1);
        bool json = a.Flag("json");
        a.EnsureAllUsed(allowPositionals: true);
        if (threads == 0 || threads < -1) throw new CliException($"--threads must be a positive integer (got {threads}).");
        var summary = UcrSummary.Read(summaryPath);
        var names = a.Positionals.Count > 1 ? a.Positionals.Skip(1).ToList() : UcrArchive.ListDatasets(dir).ToList();
        int mismatches = 0, learnedMismatches = 0, checkedCount = 0;
        foreach (var name in names)
        {
            ct.ThrowIfCancellationRequested();
            if (!summary.TryGetValue(name, out var row))
            {
                stderr.WriteLine($"rntk baselines check: {name}: not in {Path.GetFileName(summaryPath)}; skipped.");
                continue;
            }
            var r = ArchiveCheck.Run(name, dir, row, ct, threads > 0 ? threads : null);
            checkedCount++;
            if (!r.Matches) mismatches++;
            if (!r.DtwLearnedMatches) learnedMismatches++;
            if (json)
            {
                stdout.WriteLine(Json.Serialize(new Dictionary<string, object?>
                {
                    ["dataset"] = r.Dataset, ["n_test"] = r.TestCount, ["archive_n_test"] = r.ArchiveTestCount,
                    ["ed"] = r.Ed, ["archive_ed"] = r.ArchiveEd, ["dtw_full"] = r.DtwFull, ["archive_dtw_full"] = r.ArchiveDtwFull,
                    ["dtw_learned"] = r.DtwLearned, ["archive_dtw_learned"] = r.ArchiveDtwLearned,
                    ["window_percent"] = r.WindowPercent, ["window"] = r.Window == Dtw.FullWindow ? null : r.Window,
                    ["match"] = r.Matches, ["ed_match"] = r.EdMatches, ["dtw_full_match"] = r.DtwFullMatches,
                    ["dtw_learned_match"] = r.DtwLearnedMatches, ["seconds"] = r.Seconds, ["note"] = r.Note,
                }));
            }
            else
            {
                static string Cmp(double ours, double theirs) =>
                    string.Create(CultureInfo.InvariantCulture, $"{ours:F4} {(ArchiveCheckResult.Agrees(ours, theirs) ? "=" : "≠")} {theirs:F4}");
                string w = r.Window == Dtw.FullWindow ? "full" : r.Window.ToString(CultureInfo.InvariantCulture);
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(r.Matches ? "ok  " : "DIFF")} {r.Dataset,-30} ED {Cmp(r.Ed, r.ArchiveEd)}   DTW(full) {Cmp(r.DtwFull, r.ArchiveDtwFull)}   DTW({r.WindowPercent:G}%, r={w}) {Cmp(r.DtwLearned, r.ArchiveDtwLearned)}   {r.Seconds:F1} s{(r.Note is null ? "" : $"   [{r.Note}]")}"));
            }
        }
        if (!json)
            stdout.WriteLine($"{checkedCount - mismatches} of {checkedCount} datasets match the archive in ED (w=0) and DTW (w=100); " +
                             $"{checkedCount - learnedMismatches} of {checkedCount} also in DTW (learned_w).");
        return mismatches == 0 ? 0 : 1;
    }
}
