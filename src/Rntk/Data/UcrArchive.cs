namespace Rntk.Data;

/// <summary>
/// A folder of datasets laid out as the UCR archive: <c>DIR/Name/Name_TRAIN.tsv</c> and <c>Name_TEST.tsv</c>
/// (UCR 2018), or <c>Name_TRAIN.ts</c>/<c>Name_TEST.ts</c> (timeseriesclassification.com), or the older
/// <c>Name_TRAIN.txt</c>. Finds, lists and loads them with one class mapping for both splits.
/// </summary>
/// <example>
/// <code>
/// var (train, test) = UcrArchive.Load("GunPoint", options: new LoadOptions { ZNormalize = true });
/// </code>
/// </example>
public static class UcrArchive
{
    /// <summary>The environment variable naming the data folder when no folder is given.</summary>
    public const string EnvironmentVariable = "RNTK_DATA_DIR";

    /// <summary>The folder used when neither a folder nor <see cref="EnvironmentVariable"/> is given.</summary>
    public const string DefaultDir = "data/ucr";

    /// <summary>File extensions tried, in order of preference.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".tsv", ".ts", ".txt"];

    /// <summary><paramref name="dataDir"/> if given, else $RNTK_DATA_DIR, else data/ucr; as a full path (relative to the current directory).</summary>
    public static string ResolveDataDir(string? dataDir) =>
        ResolveDataDirWith(dataDir, Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>The rule of <see cref="ResolveDataDir(string?)"/> with the environment's value passed in (testable without touching the process).</summary>
    internal static string ResolveDataDirWith(string? dataDir, string? environmentValue)
    {
        if (!string.IsNullOrWhiteSpace(dataDir)) return Path.GetFullPath(dataDir);
        return Path.GetFullPath(string.IsNullOrWhiteSpace(environmentValue) ? DefaultDir : environmentValue);
    }

    /// <summary>Names of the datasets in <paramref name="dir"/> that have both a TRAIN and a TEST file, sorted ordinally.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<string> ListDatasets(string dir)
    {
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException($"Data folder not found: {dir}. " + HowToGet(null, dir));
        return Directory.EnumerateDirectories(dir)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => FindSplit(dir, n, "TRAIN") is not null && FindSplit(dir, n, "TEST") is not null)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The TRAIN or TEST file of a dataset (first existing extension of <see cref="Extensions"/>), or null.</summary>
    public static string? FindSplit(string dir, string name, string split)
    {
        foreach (var ext in Extensions)
        {
            var p = Path.Combine(dir, name, $"{name}_{split}{ext}");
            if (File.Exists(p)) return p;
        }
        return null;
    }

    /// <summary>
    /// Loads both splits of a dataset. Labels become classes 0..C−1 from the training split (<see cref="ClassLabels"/>);
    /// options apply missing-value policy and, if asked, per-series z-normalisation.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such dataset: the message says where it looked and how to get it.</exception>
    /// <exception cref="InvalidDataException">Malformed file, a missing value under <see cref="MissingValues.Error"/>, or a test label unseen in training.</exception>
    public static (LabeledDataset Train, LabeledDataset Test) Load(string name, string? dataDir = null, LoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
            throw new ArgumentException($"Dataset name '{name}' must be a plain folder name.");
        options ??= LoadOptions.Default;
        string dir = ResolveDataDir(dataDir);
        string? trainPath = FindSplit(dir, name, "TRAIN"), testPath = FindSplit(dir, name, "TEST");
        if (trainPath is null || testPath is null)
        {
            string what = Directory.Exists(Path.Combine(dir, name))
                ? $"Dataset '{name}' in {Path.Combine(dir, name)} lacks its {(trainPath is null ? "TRAIN" : "TEST")} file ({name}_{(trainPath is null ? "TRAIN" : "TEST")}.tsv or .ts)."
                : $"Dataset '{name}' not found: no folder {Path.Combine(dir, name)}.";
            throw new DirectoryNotFoundException(what + " " + HowToGet(name, dir));
        }
        var trainRows = ReadFile(trainPath, options.Missing);
        var testRows = ReadFile(testPath, options.Missing);
        return Build(name, trainRows, testRows, options, Path.GetFileName(trainPath), Path.GetFileName(testPath));
    }

    /// <summary>Reads one TRAIN/TEST file of any supported format into raw rows.</summary>
    public static IReadOnlyList<RawSeries> ReadFile(string path, MissingValues missing = MissingValues.Error) =>
        Path.GetExtension(path).Equals(".ts", StringComparison.OrdinalIgnoreCase)
            ? TsFileReader.Read(path, missing).Rows
            : UcrTsvReader.Read(path, missing);

    /// <summary>
    /// Builds the two splits from raw rows (one class mapping, optional z-normalisation). With
    /// <paramref name="testLabelled"/> false the test rows' labels are ignored and every test label is −1 (unknown:
    /// data to classify).
    /// </summary>
    public static (LabeledDataset Train, LabeledDataset Test) Build(
        string name, IReadOnlyList<RawSeries> trainRows, IReadOnlyList<RawSeries> testRows, LoadOptions? options = null,
        string trainWhere = "train", string testWhere = "test", bool testLabelled = true)
    {
        options ??= LoadOptions.Default;
        var classes = new ClassLabels(trainRows.Select(r => r.Label));
        int common = options.EqualLength is null ? 0 : trainRows.Concat(testRows).Max(r => r.Length);
        var train = Split(name, trainRows, classes, options, common, trainWhere);
        var test = Split(name, testRows, classes, options, common, testWhere, testLabelled);
        if (train.Channels != test.Channels)
            throw new InvalidDataException($"{name}: the training split ({trainWhere}) has {train.Channels} dimensions, the test split ({testWhere}) {test.Channels}.");
        return (train, test);
    }

    private static LabeledDataset Split(
        string name, IReadOnlyList<RawSeries> rows, ClassLabels classes, LoadOptions options, int commonLength, string where,
        bool labelled = true)
    {
        var seqs = new Sequence[rows.Count];
        var labels = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            string who = $"{where}, row {i}";
            labels[i] = labelled ? classes.Map(rows[i].Label, who) : -1;
            var s = new Sequence(rows[i].Values, rows[i].Channels, who);
            if (options.EqualLength is { } policy) s = new Sequence(FixedLength.ToVector(s, commonLength, policy), s.Channels, who);
            seqs[i] = options.ZNormalize ? ZNormalization.Apply(s, who) : s;
        }
        SequenceSet.ValidateChannels(seqs, where);
        return new LabeledDataset(name, seqs, labels, classes.ClassNames) { Options = options };
    }

    private static string HowToGet(string? name, string dir) =>
        $"Looked in {dir} (from --data-dir, else ${EnvironmentVariable}, else ./{DefaultDir}). " +
        $"Get it with `rntk data fetch {name ?? "NAME"} --data-dir {dir}`, or point --data-dir / {EnvironmentVariable} at a folder holding " +
        $"{name ?? "NAME"}/{name ?? "NAME"}_TRAIN.tsv (or .ts) and _TEST.";
}
