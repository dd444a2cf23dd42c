using System.Globalization;

namespace Rntk.Data;

/// <summary>
/// Reads the UCR 2018 archive's TSV files: one series per line, the class label first, tab-separated values.
/// Trailing NaN are padding (variable-length datasets) and are removed; a NaN before the last real value is a
/// missing value, handled by <see cref="MissingValues"/> (by default an error naming the file, row and step).
/// </summary>
/// <remarks>
/// The older UCR 2015 ".txt" layout (label first, values separated by commas or runs of spaces) is read too,
/// because timeseriesclassification.com zips still ship it beside the .ts files.
/// </remarks>
public static class UcrTsvReader
{
    /// <summary>Reads raw rows: original label text and values (padding removed).</summary>
    public static List<(string Label, double[] Values)> ReadRows(string path, MissingValues missing = MissingValues.Error) =>
        Read(path, missing).Select(r => (r.Label, r.Values)).ToList();

    /// <summary>
    /// Reads every row of a TSV (or .txt) file as a univariate <see cref="RawSeries"/>. With
    /// <paramref name="labelled"/> false every field is a value (data to classify, no label column) and each row's
    /// label is empty.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">A malformed row; the message names file, row, line and step.</exception>
    public static List<RawSeries> Read(string path, MissingValues missing = MissingValues.Error, bool labelled = true)
    {
        int first = labelled ? 1 : 0;
        if (!File.Exists(path)) throw new FileNotFoundException($"No such file: {path}", path);
        string file = Path.GetFileName(path);
        var rows = new List<RawSeries>();
        int lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            string where = $"{file}, row {rows.Count} (line {lineNo})";
            string[] parts = line.Contains('\t') ? line.Split('\t')
                : line.Contains(',') ? line.Split(',')
                : line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < first + 1) throw new InvalidDataException($"{where}: a label and at least one value are needed.");
            var values = new double[parts.Length - first];
            for (int k = first; k < parts.Length; k++)
            {
                var s = parts[k].Trim();
                double v;
                if (s.Length == 0 || s.Equals("NaN", StringComparison.OrdinalIgnoreCase)) v = double.NaN;
                else if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v))
                    throw new InvalidDataException($"{where}, step {k - first}: '{s}' is not a number" +
                        (labelled || k > 0 ? "." : " (a label column? this file is read as values only, without labels)."));
                if (double.IsInfinity(v)) throw new InvalidDataException($"{where}, step {k - first}: infinite value.");
                values[k - first] = v;
            }
            int last = SeriesCleaning.LastObserved(values);
            if (last < 0) throw new InvalidDataException($"{where}: the series has no values (all NaN).");
            var series = values.AsSpan(0, last + 1).ToArray();
            SeriesCleaning.FillMissing(series, missing, where);
            string label = labelled ? parts[0].Trim() : "";
            if (labelled && label.Length == 0) throw new InvalidDataException($"{where}: empty class label.");
            rows.Add(new RawSeries(label, series));
        }
        if (rows.Count == 0) throw new InvalidDataException($"{path}: no series found.");
        return rows;
    }

    /// <summary>Fills NaN in place by linear interpolation (leading/trailing NaN take the nearest real value).</summary>
    public static void Interpolate(double[] s) => SeriesCleaning.Interpolate(s);
}
