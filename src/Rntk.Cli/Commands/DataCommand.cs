using System.Globalization;
using Rntk.Data;

namespace Rntk.Cli.Commands;

/// <summary>`rntk data list|fetch`: the local UCR-style data folder.</summary>
public sealed class DataCommand : ICommand
{
    public string Name => "data";
    public string Summary => "list local UCR datasets, or fetch one from timeseriesclassification.com";
    public IReadOnlyCollection<string> Flags => ["json", "force"];
    public string Usage =>
        "Usage: rntk data list [--data-dir DIR] [--json]\n" +
        "       rntk data fetch NAME [NAME...] [--data-dir DIR] [--url-base URL] [--force] [--json]\n\n" +
        "The data folder is --data-dir, else $RNTK_DATA_DIR, else ./data/ucr; datasets live in DIR/NAME/NAME_TRAIN.tsv\n" +
        "and NAME_TEST.tsv (UCR 2018) or NAME_TRAIN.ts / NAME_TEST.ts (timeseriesclassification.com).\n\n" +
        "list   one line per dataset: name, train and test sizes, length range, classes, dimensions.\n" +
        "       --json prints {name, n_train, n_test, length_min, length_max, classes, dimensions, missing}.\n" +
        "fetch  downloads URL/NAME.zip (default URL " + DatasetFetcher.DefaultUrlBase + "),\n" +
        "       checks that it is a zip with a TRAIN and a TEST file that parse, and installs DIR/NAME atomically\n" +
        "       (a failed or truncated download leaves nothing behind). --force replaces an existing folder.";

    public int Run(CliArgs a, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (a.Positionals.Count == 0) throw new CliException("Missing sub-command: rntk data list | rntk data fetch NAME.");
        string sub = a.Positionals[0];
        string dir = UcrArchive.ResolveDataDir(a.String("data-dir"));
        bool json = a.Flag("json");
        return sub switch
        {
            "list" => List(a, dir, json, stdout, stderr),
            "fetch" => Fetch(a, dir, json, stdout, stderr, ct),
            _ => throw new CliException($"Unknown sub-command '{sub}': use list or fetch."),
        };
    }

    private static int List(CliArgs a, string dir, bool json, TextWriter stdout, TextWriter stderr)
    {
        if (a.Positionals.Count > 1) throw new CliException($"Unexpected argument '{a.Positionals[1]}': rntk data list takes no names.");
        a.EnsureAllUsed(allowPositionals: true);
        var names = UcrArchive.ListDatasets(dir);
        if (!json) stdout.WriteLine($"{names.Count} datasets in {dir}");
        if (!json && names.Count > 0)
            stdout.WriteLine($"{"name",-32} {"n_train",7} {"n_test",7} {"length",11} {"classes",7} {"dims",4}  notes");
        int failed = 0;
        foreach (var name in names)
        {
            LabeledDataset train, test;
            bool missing = false;
            try
            {
                try { (train, test) = UcrArchive.Load(name, dir); }
                catch (InvalidDataException)
                {
                    // Perhaps only missing values inside series (e.g. DodgerLoop*): those load with interpolation;
                    // anything else fails again and is reported below.
                    (train, test) = UcrArchive.Load(name, dir, new LoadOptions { Missing = MissingValues.Interpolate });
                    missing = true;
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or NotSupportedException)
            {
                failed++;
                stderr.WriteLine($"rntk data list: {name}: {e.Message.ReplaceLineEndings(" ")}");
                continue;
            }
            int lo = Math.Min(train.MinLength, test.MinLength), hi = Math.Max(train.MaxLength, test.MaxLength);
            if (json)
            {
                stdout.WriteLine(Json.Serialize(new Dictionary<string, object>
                {
                    ["name"] = name, ["n_train"] = train.Count, ["n_test"] = test.Count, ["length_min"] = lo, ["length_max"] = hi,
                    ["classes"] = train.ClassCount, ["dimensions"] = train.Channels, ["missing"] = missing,
                }));
            }
            else
            {
                string len = lo == hi ? lo.ToString(CultureInfo.InvariantCulture) : $"{lo}–{hi}";
                stdout.WriteLine($"{name,-32} {train.Count,7} {test.Count,7} {len,11} {train.ClassCount,7} {train.Channels,4}  " +
                                 (missing ? "missing values (load with interpolation)" : ""));
            }
        }
        return failed == 0 ? 0 : 1;
    }

    private static int Fetch(CliArgs a, string dir, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        string? urlBase = a.String("url-base");
        bool force = a.Flag("force");
        a.EnsureAllUsed(allowPositionals: true);
        var names = a.Positionals.Skip(1).ToList();
        if (names.Count == 0) throw new CliException("rntk data fetch needs a dataset name, e.g. rntk data fetch GunPoint.");
        foreach (var name in names)
        {
            bool counting = false;
            var progress = json ? null : new SyncProgress<long>(b => { counting = true; stderr.Write($"\r{name}: {b / 1024.0:F0} KiB"); });
            FetchResult r;
            try
            {
                r = DatasetFetcher.FetchAsync(name, dir, urlBase, force, null, progress, ct).GetAwaiter().GetResult();
            }
            finally
            {
                if (counting) stderr.WriteLine();   // an error message starts on a line of its own, not after the counter
            }
            if (json)
                stdout.WriteLine(Json.Serialize(new Dictionary<string, object>
                {
                    ["name"] = r.Name, ["folder"] = r.Folder, ["url"] = r.Source.ToString(), ["bytes"] = r.Bytes,
                    ["files"] = r.Files, ["n_train"] = r.TrainCount, ["n_test"] = r.TestCount,
                }));
            else
                stdout.WriteLine($"{r.Name}: {r.TrainCount} train, {r.TestCount} test series ({string.Join(", ", r.Files)}) → {r.Folder}");
        }
        return 0;
    }
}
