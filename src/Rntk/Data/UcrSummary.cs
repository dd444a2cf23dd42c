using System.Globalization;

namespace Rntk.Data;

/// <summary>One row of the archive's DataSummary_UCR2018.csv: published sizes and 1-NN error rates.</summary>
/// <param name="Name">Dataset name.</param>
/// <param name="Type">Domain (Image, Sensor, …).</param>
/// <param name="Train">Training split size.</param>
/// <param name="Test">Test split size.</param>
/// <param name="Classes">Number of classes.</param>
/// <param name="Length">Series length, or null where the archive writes "Vary".</param>
/// <param name="EdError">Test error of 1-NN Euclidean, column "ED (w=0)".</param>
/// <param name="DtwLearnedError">Test error of 1-NN DTW with the window learned on the training split, "DTW (learned_w)".</param>
/// <param name="DtwLearnedWindowPercent">That window as a percentage of the length (the number in brackets).</param>
/// <param name="DtwFullError">Test error of 1-NN DTW with the full window, "DTW (w=100)".</param>
/// <param name="DefaultRate">Error of always predicting the most frequent training class.</param>
public sealed record UcrSummaryRow(
    string Name, string Type, int Train, int Test, int Classes, int? Length,
    double EdError, double DtwLearnedError, double DtwLearnedWindowPercent, double DtwFullError, double DefaultRate);

/// <summary>Reads DataSummary_UCR2018.csv (the archive's DataSummary.csv), locating columns by their header names.</summary>
public static class UcrSummary
{
    /// <summary>The file names looked for in a data folder.</summary>
    public static IReadOnlyList<string> FileNames { get; } = ["DataSummary_UCR2018.csv", "DataSummary.csv"];

    /// <summary>The summary file in <paramref name="dataDir"/>, or null.</summary>
    public static string? Find(string dataDir) =>
        FileNames.Select(f => Path.Combine(dataDir, f)).FirstOrDefault(File.Exists);

    /// <summary>All rows, keyed by dataset name (ordinal).</summary>
    public static IReadOnlyDictionary<string, UcrSummaryRow> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No such file: {path}", path);
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) throw new InvalidDataException($"{path}: empty file.");
        var header = lines[0].Split(',').Select(h => h.Trim()).ToList();
        int Col(string name)
        {
            int k = header.FindIndex(h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
            return k >= 0 ? k : throw new InvalidDataException($"{path}: no column '{name}' (columns: {string.Join(", ", header)}).");
        }
        int cName = Col("Name"), cType = Col("Type"), cTrain = Col("Train"), cTest = Col("Test"), cClass = Col("Class"),
            cLen = Col("Length"), cEd = Col("ED (w=0)"), cLearn = Col("DTW (learned_w)"), cFull = Col("DTW (w=100)"),
            cDefault = Col("Default rate");
        var rows = new Dictionary<string, UcrSummaryRow>(StringComparer.Ordinal);
        for (int i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var f = lines[i].Split(',').Select(x => x.Trim()).ToArray();
            string where = $"{Path.GetFileName(path)}, line {i + 1}";
            if (f.Length < header.Count) throw new InvalidDataException($"{where}: {f.Length} fields, the header has {header.Count}.");
            var learned = f[cLearn].Split('(', ')');
            rows[f[cName]] = new UcrSummaryRow(
                f[cName], f[cType], Int(f[cTrain], where), Int(f[cTest], where), Int(f[cClass], where),
                f[cLen].Equals("Vary", StringComparison.OrdinalIgnoreCase) ? null : Int(f[cLen], where),
                Num(f[cEd], where), Num(learned[0], where), learned.Length > 1 ? Num(learned[1], where) : double.NaN,
                Num(f[cFull], where), Num(f[cDefault], where));
        }
        return rows;
    }

    private static int Int(string s, string where) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : throw new InvalidDataException($"{where}: '{s}' is not an integer.");

    private static double Num(string s, string where) =>
        double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : throw new InvalidDataException($"{where}: '{s}' is not a number.");
}
