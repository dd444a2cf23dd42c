using System.Diagnostics;
using System.Globalization;
using Rntk.Data;
using Rntk.Experiments;

namespace Rntk.Cli.Commands;

/// <summary>`rntk ucr`: the benchmark protocol on UCR datasets, resumable, with a comparison table at the end.</summary>
public sealed class UcrCommand : ICommand
{
    public string Name => "ucr";
    public string Summary => "benchmark: CV-tuned kernel SVMs and 1-NN baselines on UCR datasets, with a comparison table";
    public IReadOnlyCollection<string> Flags => ["all", "json", "quiet", "no-znorm", "no-archive", "estimate"];

    public string Usage =>
        "Usage: rntk ucr <Name...>|--all [--methods rntk,nngp,rntk-norm,...] [--grid paper|quick]\n" +
        "                [--folds K] [--seed S] [--classifier svm|krr] [--svm-max-iter N] [--data-dir DIR]\n" +
        "                [--out results.csv] [--json] [--order name|cost] [--estimate] [--reference METHOD]\n" +
        "                [--no-znorm] [--no-archive] [--quiet] [--device auto|cpu|gpu|ilgpu-cpu]\n\n" +
        "For each dataset and method: hyper-parameters chosen by stratified K-fold cross-validation on the training\n" +
        "split (default K = 5, seed 0), refit on the whole training split, accuracy on the test split. Methods:\n" +
        "  rntk, nngp        the recurrent kernels, last-step readout, SVM on the precomputed kernel\n" +
        "  rntk-norm, nngp-norm  the same, cosine-normalised: K(x,y)/sqrt(K(x,x)K(y,y)); they rescale rntk's and\n" +
        "                    nngp's Grams, so all four share one Gram pass per configuration\n" +
        "  rntk-avg, nngp-avg    average-pooling readout, same grid (one pass gives both): O(T·T') per pair instead\n" +
        "                    of O(min(T,T')), i.e. about T times the Gram work of rntk; not run unless named\n" +
        "  rntk-bi, nngp-bi  bidirectional (P2): K(x,y) + K(reversed x, reversed y), last step; twice rntk's Gram\n" +
        "                    work; not run unless named\n" +
        "  rntk-bi-avg, nngp-bi-avg  both: each direction average-pooled, the two added; twice rntk-avg's Gram work;\n" +
        "                    not run unless named\n" +
        "  ntk, fc-nngp      feed-forward NTK / NNGP of depth L;  rbf, poly, linear  classical kernels (SVM)\n" +
        "  ed1nn, dtw1nn     1-NN Euclidean and full-window DTW, nothing to tune\n" +
        "Default methods: all but the -avg, -bi and -bi-avg kernels and fc-nngp. Grids: quick (default; small, for first looks) or\n" +
        "paper (54 RNTK kernels × 5 C values; see docs/ucr-benchmark.md). Data, the same for every method: z-normalised\n" +
        "per series (--no-znorm keeps the archive's values), missing values interpolated, variable lengths kept\n" +
        "(fixed-length baselines and ed1nn zero-pad after normalising; dtw1nn aligns the unequal lengths). On\n" +
        "fixed-length datasets dtw1nn is the archive's 'DTW (w=100)'; on variable-length ones the archive padded before\n" +
        "normalising, so its published numbers differ ('rntk baselines check' reproduces them).\n" +
        "SVM fits that stop at the iteration cap (--svm-max-iter, default 1e6 SMO iterations per binary problem;\n" +
        "libsvm's is 1e7) are used as they are, as libsvm does, and counted: unconverged_fits=N in the row's params\n" +
        "(N of candidates × folds + 1 fits; refit=unconverged when the chosen model's refit is one), and a warning.\n" +
        "--device: where the recurrent kernels' Grams run; auto (default) uses a CUDA GPU when one is present and a\n" +
        "Gram is large enough, else the CPU (see rntk gram --help); gpu fails at once without one. Kernel values agree to 1e-12.\n" +
        "--out appends each finished (dataset, method) to a CSV atomically and skips rows already there (same dataset,\n" +
        "method, grid and options), so a killed run resumes. A progress bar goes to stderr (--quiet: none).\n" +
        "--order cost runs the datasets from the cheapest to the dearest by estimated time for the methods asked (kernel\n" +
        "work: pairs × length, × length again for average pooling and DTW; SVM fits ∝ n_train²), so a long run yields\n" +
        "the most results early; default: the order given (--all: by name). The progress bar weighs datasets and steps\n" +
        "by the same estimate. --estimate prints it per dataset (rows already in --out count for nothing) and runs nothing:\n" +
        "seconds on the 2-core machine it was fitted on, within a factor of 2 for the recurrent kernels on most datasets;\n" +
        "a floor for the baselines, whose SVM fits may converge slowly; with --json, one object per dataset: dataset,\n" +
        "estimated_seconds.\n" +
        "At the end: test accuracy per dataset and method, mean accuracy, mean rank, P90/P95, W/T/L and Wilcoxon p\n" +
        "of the reference method (--reference; default rntk when run, else the first method) against each method;\n" +
        "the archive's published 1-NN DTW accuracy is added as 'dtw-archive' when the data folder holds\n" +
        "DataSummary_UCR2018.csv (--no-archive: not). --json prints instead one object per dataset\n" +
        "and method: dataset, method, test_accuracy, cv_accuracy, params (and grid, options, seconds, cached).";

    public int Run(CliArgs a, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        bool all = a.Flag("all"), json = a.Flag("json"), quiet = a.Flag("quiet"), noArchive = a.Flag("no-archive"), estimate = a.Flag("estimate");
        var methods = ExperimentArgs.Methods(a, ExperimentRunner.DefaultMethods);
        var options = ExperimentArgs.Options(a);
        string dataDir = UcrArchive.ResolveDataDir(a.String("data-dir"));
        string? output = a.String("out");
        string order = (a.String("order") ?? "name").ToLowerInvariant();
        if (order is not ("name" or "cost")) throw new CliException($"Unknown --order '{order}': use name or cost.");
        string reference = a.String("reference")?.ToLowerInvariant() ?? (methods.Contains("rntk") ? "rntk" : methods[0]);
        if (!methods.Contains(reference))
            throw new CliException($"--reference {reference} is not among the methods run ({string.Join(",", methods)}).");
        a.EnsureAllUsed(allowPositionals: true);
        if (all && a.Positionals.Count > 0) throw new CliException("Give dataset names or --all, not both.");
        // A name given twice would run twice and add its rows twice.
        var datasets = (all ? UcrArchive.ListDatasets(dataDir) : a.Positionals).Distinct(StringComparer.Ordinal).ToList();
        if (datasets.Count == 0) throw new CliException("Name at least one dataset, or --all (rntk ucr --help).");
        // Check every name before any work, so a typo in the last of ten names does not surface hours later.
        var known = new HashSet<string>(UcrArchive.ListDatasets(dataDir), StringComparer.Ordinal);
        var unknown = datasets.Where(d => !known.Contains(d)).ToList();
        if (unknown.Count > 0)
            throw new CliException($"Dataset{(unknown.Count > 1 ? "s" : "")} not found in {dataDir}: {string.Join(", ", unknown)}. " +
                $"Get one with `rntk data fetch NAME --data-dir {dataDir}`, or point --data-dir / RNTK_DATA_DIR at the archive.");
        if (output is not null)
        {
            // Before any work: a results path that cannot be written, or a damaged results file, fails now, not after
            // the first method's hours.
            if (Directory.Exists(output)) throw new CliException($"--out {output} is a folder; give a file name, e.g. {Path.Combine(output, "results.csv")}.");
            using (ResultsCsv.Lock(output, ct)) { }   // creates the folder, or fails now if the place cannot be written
            var (_, dropped) = ResultsCsv.Read(output);
            if (dropped > 0)
                stderr.WriteLine($"warning: {output}: its last line is incomplete (a cut copy?) and is ignored; the next row written drops it.");
        }
        var runner = new ExperimentRunner(options);
        IReadOnlyList<WorkEstimate?>? estimates = null;
        if (order == "cost" || estimate)
        {
            var byName = datasets.Zip(runner.Estimate(datasets, methods, dataDir, output)).ToDictionary(x => x.First, x => x.Second);
            if (order == "cost") datasets = datasets.OrderBy(d => byName[d]?.Seconds ?? 0).ThenBy(d => d, StringComparer.Ordinal).ToList();
            if (estimate)
            {
                PrintEstimate(datasets, datasets.ToDictionary(d => d, d => byName[d]?.Seconds ?? 0), json, stdout);
                return 0;
            }
            estimates = datasets.Select(d => byName[d]).ToList();
        }

        var bar = ProgressBar.ForStderr(stderr, quiet);
        var rows = runner.Run(datasets, methods, dataDir, output, bar, estimates: bar is null ? null : estimates, onResult: (row, cached) =>
        {
            bar?.Clear();
            if (json) stdout.WriteLine(Json.Serialize(ToJson(row, cached)));
            else if (!quiet)
            {
                var ci = CultureInfo.InvariantCulture;
                stderr.WriteLine($"{row.Dataset} {row.Method}: test {row.TestAccuracy.ToString("F4", ci)}" +
                    (double.IsNaN(row.CvAccuracy) ? "" : $", cv {row.CvAccuracy.ToString("F4", ci)}") + $" [{row.Parameters}]" +
                    (cached ? $" (from {output})" : $" in {row.Seconds.ToString("F1", ci)} s"));
            }
            if (!quiet && ExperimentArgs.UnconvergedWarning(row, options) is { } warning) stderr.WriteLine(warning);
        }, cancellationToken: ct);
        bar?.Clear();
        if (json) return 0;

        var allRows = rows.ToList();
        var columns = methods.ToList();
        if (!noArchive && UcrSummary.Find(dataDir) is { } summaryPath)
        {
            var published = UcrSummary.Read(summaryPath);
            foreach (var d in datasets)
                if (published.TryGetValue(d, out var p))
                    allRows.Add(new ResultRow(d, "dtw-archive", options.Grid.Name, "published", "", double.NaN, 1 - p.DtwFullError, 0, p.Train, p.Test, p.Classes, 1));
            columns.Add("dtw-archive");
        }
        stdout.Write(ComparisonTable.Format(ResultSummary.Compute(allRows, columns), reference));
        return 0;
    }

    private static void PrintEstimate(IReadOnlyList<string> datasets, IReadOnlyDictionary<string, double> seconds, bool json, TextWriter stdout)
    {
        var ci = CultureInfo.InvariantCulture;
        if (json)
        {
            foreach (var d in datasets) stdout.WriteLine(Json.Serialize(new Dictionary<string, object?> { ["dataset"] = d, ["estimated_seconds"] = seconds[d] }));
            return;
        }
        double sum = 0;
        int width = Math.Max(7, datasets.Max(d => d.Length));
        stdout.WriteLine($"{"dataset".PadRight(width)}  {"estimate",9}  {"cumulative",10}");
        foreach (var d in datasets)
        {
            sum += seconds[d];
            stdout.WriteLine($"{d.PadRight(width)}  {Duration(seconds[d]),9}  {Duration(sum),10}");
        }
        stdout.WriteLine(string.Create(ci, $"total {Duration(sum)} ({sum:F0} s) on the 2-core reference machine; the progress bar's ETA rescales to this one as it runs."));
    }

    private static string Duration(double s) =>
        s < 60 ? $"{s.ToString("F1", CultureInfo.InvariantCulture)}s" : ProgressBar.Format(TimeSpan.FromSeconds(s));

    private static Dictionary<string, object?> ToJson(ResultRow r, bool cached) => new()
    {
        ["dataset"] = r.Dataset,
        ["method"] = r.Method,
        ["test_accuracy"] = r.TestAccuracy,
        ["cv_accuracy"] = double.IsNaN(r.CvAccuracy) ? null : r.CvAccuracy,
        ["params"] = r.ParameterDictionary(),
        ["grid"] = r.Grid,
        ["options"] = r.Options,
        ["seconds"] = r.Seconds,
        ["cached"] = cached,
    };
}
