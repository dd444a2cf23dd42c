using System.Globalization;
using System.Text;
using Rntk.Data;
using Rntk.Experiments;
using Rntk.IO;

namespace Rntk.Cli.Commands;

/// <summary>
/// `rntk classify`: your own train/test files through the benchmark's protocol (CV-tuned kernel SVM, refit, predict),
/// with the predicted label of every test series written to a CSV.
/// </summary>
public sealed class ClassifyCommand : ICommand
{
    public string Name => "classify";
    public string Summary => "classify your own series: CV-tuned RNTK/NNGP (or baseline) SVM on a train file, predictions for a test file";
    public IReadOnlyCollection<string> Flags => ["json", "quiet", "no-znorm", "unlabeled"];

    /// <summary>rntk and nngp share one Gram pass per configuration, so asking for both costs no more than one.</summary>
    public static IReadOnlyList<string> DefaultMethods { get; } = ["rntk", "nngp"];

    public string Usage =>
        "Usage: rntk classify --train TRAIN --test TEST [--unlabeled] [--methods rntk,nngp,...] [--grid quick|paper]\n" +
        "                     [--folds K] [--seed S] [--classifier svm|krr] [--svm-max-iter N] [--no-znorm]\n" +
        "                     [--out predictions.csv] [--json] [--quiet] [--device auto|cpu|gpu|ilgpu-cpu]\n\n" +
        "Classifies the series of TEST with models trained on TRAIN, by the protocol of `rntk ucr`: for each method,\n" +
        "hyper-parameters chosen by stratified K-fold cross-validation on TRAIN (default K = 5, seed 0), refit on all\n" +
        "of TRAIN, then TEST predicted. Files: UCR TSV (class label first, tab- or comma-separated values; trailing NaN\n" +
        "= padding, so series may differ in length; NaN inside a series is interpolated), the older .txt layout, or\n" +
        "sktime .ts (multivariate too). TEST holds labels too, and then accuracy is reported, unless --unlabeled:\n" +
        "then its rows are values only (TSV/CSV, no label column; a file whose rows all start with TRAIN's labels is\n" +
        "refused), or TEST is an N×T float64 .npy (univariate, always unlabelled) or a .ts declaring @classLabel false\n" +
        "(multivariate too). --out may not name an input file.\n" +
        "Methods as in `rntk ucr --help` (default rntk,nngp: one Gram pass gives both); grids: quick (default) or\n" +
        "paper. Series are z-normalised one by one unless --no-znorm. --device as for `rntk ucr` (auto: a CUDA GPU for\n" +
        "large recurrent Grams when one is present).\n" +
        "Prints, per method, the CV accuracy, the test accuracy (when TEST has labels) and the chosen\n" +
        "hyper-parameters; --out writes, atomically, a CSV with one row per test series: index (from 0), each\n" +
        "method's predicted label (as spelled in TRAIN), and the true label when known. --json prints one object per\n" +
        "method instead: method, cv_accuracy, test_accuracy (null without labels), params, seconds, predictions.\n" +
        "A progress bar goes to stderr (--quiet: none).";

    public int Run(CliArgs a, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        string trainPath = a.Required("train"), testPath = a.Required("test");
        string? output = a.String("out");
        bool json = a.Flag("json"), quiet = a.Flag("quiet"), unlabeled = a.Flag("unlabeled");
        var methods = ExperimentArgs.Methods(a, DefaultMethods);
        var options = ExperimentArgs.Options(a);
        a.EnsureAllUsed();
        if (output is not null)
        {
            if (Directory.Exists(output)) throw new CliException($"--out {output} is a folder; give a file name, e.g. {Path.Combine(output, "predictions.csv")}.");
            if (!Path.GetExtension(output).Equals(".csv", StringComparison.OrdinalIgnoreCase))
                throw new CliException($"--out must end in .csv (got '{output}').");
            string full = Path.GetFullPath(output);
            if (full == Path.GetFullPath(trainPath) || full == Path.GetFullPath(testPath))
                throw new CliException($"--out {output} is one of the input files; the predictions would replace it. Give another name.");
            CheckWritable(full);
        }

        var (train, test) = Load(trainPath, testPath, unlabeled, options.Load);
        bool labelled = test.Labels.All(l => l >= 0);
        if (train.Count < options.Folds)
            throw new CliException($"{trainPath} has {train.Count} series, fewer than the {options.Folds} cross-validation folds; " +
                                   $"use --folds {Math.Max(2, train.Count)} or fewer, or more training data.");

        var bar = ProgressBar.ForStderr(stderr, quiet);
        List<MethodPredictions> results;
        try { results = new ExperimentRunner(options).Classify(train, test, methods, bar, ct); }
        finally { bar?.Clear(); }   // a cancellation or error message then starts on a clean line

        if (output is not null) AtomicFile.WriteAllText(output, PredictionsCsv(results, train, test, labelled));
        var ci = CultureInfo.InvariantCulture;
        if (json)
        {
            foreach (var r in results)
                stdout.WriteLine(Json.Serialize(new Dictionary<string, object?>
                {
                    ["method"] = r.Method,
                    ["cv_accuracy"] = double.IsNaN(r.Result.CvAccuracy) ? null : r.Result.CvAccuracy,
                    ["test_accuracy"] = labelled ? r.Result.TestAccuracy : null,
                    ["params"] = r.Result.ParameterDictionary(),
                    ["seconds"] = r.Result.Seconds,
                    ["predictions"] = r.Predictions.Select(k => train.ClassNames[k]).ToArray(),
                }));
        }
        else
        {
            int w = Math.Max(6, results.Max(r => r.Method.Length));
            stdout.WriteLine($"{train.Count} training series ({train.ClassCount} classes), {test.Count} test series{(labelled ? "" : " (unlabelled)")}.");
            stdout.WriteLine($"{"method".PadRight(w)}  {"cv acc",7}  {"test acc",8}  {"seconds",8}  chosen");
            foreach (var r in results)
            {
                var row = r.Result;
                string cv = double.IsNaN(row.CvAccuracy) ? "–" : row.CvAccuracy.ToString("F4", ci);
                string acc = labelled ? row.TestAccuracy.ToString("F4", ci) : "–";
                stdout.WriteLine($"{r.Method.PadRight(w)}  {cv,7}  {acc,8}  {row.Seconds.ToString("F1", ci),8}  {row.Parameters}");
            }
            if (output is not null) stdout.WriteLine($"predictions → {output}");
        }
        foreach (var r in results)
            if (!quiet && ExperimentArgs.UnconvergedWarning(r.Result, options) is { } warning) stderr.WriteLine(warning);
        return 0;
    }

    /// <summary>
    /// Before any work: the folder that will hold <paramref name="full"/> (or its nearest existing ancestor, since the
    /// write creates missing folders) accepts a new file. Nothing is left behind: no probe, no folder.
    /// </summary>
    private static void CheckWritable(string full)
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(full)!);
        while (!dir.Exists && dir.Parent is not null) dir = dir.Parent;
        string probe = Path.Combine(dir.FullName, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.probe");
        using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
    }

    /// <summary>
    /// Reads both files into one class mapping (TRAIN's). TEST without labels — a .npy, a .ts declaring
    /// @classLabel false, or TSV rows of values with --unlabeled — gets labels −1.
    /// </summary>
    internal static (LabeledDataset Train, LabeledDataset Test) Load(string trainPath, string testPath, bool unlabeled, LoadOptions load)
    {
        static bool Is(string path, string ext) => Path.GetExtension(path).Equals(ext, StringComparison.OrdinalIgnoreCase);
        if (Is(trainPath, ".npy"))
            throw new CliException($"--train {trainPath}: TRAIN needs class labels; give a UCR TSV (label first), .txt or .ts file (a .npy holds values only).");
        var trainRows = UcrArchive.ReadFile(trainPath, load.Missing);
        var classes = new ClassLabels(trainRows.Select(r => r.Label));
        if (classes.Count < 2)
            throw new CliException($"{trainPath}: every training series has the label '{classes.ClassNames[0]}'; a classifier needs at least two classes.");

        IReadOnlyList<RawSeries> testRows;
        bool testLabelled;
        if (Is(testPath, ".npy"))
        {
            testRows = NpySequences.Read(testPath, load.Missing).Select(s => new RawSeries("", s.Values.ToArray())).ToList();
            testLabelled = false;
        }
        else if (Is(testPath, ".ts"))
        {
            // The header says whether the cases carry labels (@classLabel true|false).
            var file = TsFileReader.Read(testPath, load.Missing, requireLabels: false);
            if (unlabeled && file.Labelled)
                throw new CliException($"{testPath} declares @classLabel true: its cases carry labels. Drop --unlabeled (a .ts file without labels declares @classLabel false).");
            testRows = file.Rows;
            testLabelled = file.Labelled;
        }
        else if (unlabeled)
        {
            testRows = UcrTsvReader.Read(testPath, load.Missing, labelled: false);
            // A labelled file read as values gains its label as step 0 and is classified wrongly, silently: refuse it.
            var first = testRows.Select(r => r.Values[0].ToString("R", CultureInfo.InvariantCulture)).ToList();
            if (testRows.Count >= 2 && first.Distinct().Count() >= 2 && first.All(classes.Contains))
                throw new CliException($"{testPath}: with --unlabeled every field is a value, but every row starts with one of TRAIN's class labels " +
                                       $"({string.Join(" ", classes.ClassNames)}): the file has a label column. Drop --unlabeled.");
            testLabelled = false;
        }
        else
        {
            testRows = UcrTsvReader.Read(testPath, load.Missing);
            testLabelled = true;
        }
        string name = Path.GetFileNameWithoutExtension(trainPath);
        try
        {
            return UcrArchive.Build(name, trainRows, testRows, load, Path.GetFileName(trainPath), Path.GetFileName(testPath), testLabelled);
        }
        catch (InvalidDataException e) when (testLabelled && e.Message.Contains("does not occur in the training split"))
        {
            throw new CliException(e.Message + " (If TEST has no label column, add --unlabeled; a class TRAIN lacks cannot be predicted.)");
        }
    }

    /// <summary>index, one column per method (predicted labels as spelled in TRAIN), and label when TEST has them.</summary>
    internal static string PredictionsCsv(IReadOnlyList<MethodPredictions> results, LabeledDataset train, LabeledDataset test, bool labelled)
    {
        var sb = new StringBuilder();
        sb.Append("index");
        foreach (var r in results) sb.Append(',').Append(Field(r.Method));
        if (labelled) sb.Append(",label");
        sb.Append('\n');
        for (int i = 0; i < test.Count; i++)
        {
            sb.Append(i.ToString(CultureInfo.InvariantCulture));
            foreach (var r in results) sb.Append(',').Append(Field(train.ClassNames[r.Predictions[i]]));
            if (labelled) sb.Append(',').Append(Field(train.ClassNames[test.Labels[i]]));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>A CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line break.</summary>
    private static string Field(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}
