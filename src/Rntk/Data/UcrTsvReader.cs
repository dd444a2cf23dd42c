using System.Globalization;

namespace Rntk.Data;

/// <summary>
/// Reads the UCR 2018 archive's TSV files: one series per line, the class label first, tab-separated values.
/// Trailing NaN are padding (variable-length datasets); a NaN before the last real value is an error that
/// names the file, row and step, unless <see cref="MissingValues.Interpolate"/> is asked for.
/// </summary>
public static class UcrTsvReader
{
    /// <summary>Reads raw rows: original label text and values (padding removed).</summary>
    public static List<(string Label, double[] Values)> ReadRows(string path, MissingValues missing = MissingValues.Error)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No such file: {path}", path);
        var rows = new List<(string, double[])>();
        int lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var parts = line.Split(line.Contains('\t') ? '\t' : ',');
            if (parts.Length < 2) throw new InvalidDataException($"{path}, line {lineNo}: a label and at least one value are needed.");
            var values = new double[parts.Length - 1];
            int last = -1;
            for (int k = 1; k < parts.Length; k++)
            {
                var s = parts[k].Trim();
                double v;
                if (s.Length == 0 || s.Equals("NaN", StringComparison.OrdinalIgnoreCase)) v = double.NaN;
                else if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v))
                    throw new InvalidDataException($"{path}, row {rows.Count} (line {lineNo}), step {k - 1}: '{s}' is not a number.");
                if (double.IsInfinity(v))
                    throw new InvalidDataException($"{path}, row {rows.Count} (line {lineNo}), step {k - 1}: infinite value.");
                values[k - 1] = v;
                if (!double.IsNaN(v)) last = k - 1;
            }
            if (last < 0) throw new InvalidDataException($"{path}, row {rows.Count} (line {lineNo}): the series has no values (all NaN).");
            var series = values.AsSpan(0, last + 1).ToArray();
            for (int t = 0; t < series.Length; t++)
            {
                if (!double.IsNaN(series[t])) continue;
                if (missing == MissingValues.Error)
                    throw new InvalidDataException(
                        $"{path}, row {rows.Count} (line {lineNo}), step {t}: NaN inside the series (only trailing NaN are padding); " +
                        "use the interpolation option to fill gaps.");
                Interpolate(series);
                break;
            }
            rows.Add((parts[0].Trim(), series));
        }
        if (rows.Count == 0) throw new InvalidDataException($"{path}: no series found.");
        return rows;
    }

    /// <summary>Fills interior NaN by linear interpolation between the nearest real values (leading NaN take the first real value).</summary>
    public static void Interpolate(double[] s)
    {
        int prev = -1;
        for (int t = 0; t < s.Length; t++)
        {
            if (double.IsNaN(s[t])) continue;
            if (prev < t - 1)
            {
                for (int u = prev + 1; u < t; u++)
                    s[u] = prev < 0 ? s[t] : s[prev] + (s[t] - s[prev]) * (u - prev) / (t - prev);
            }
            prev = t;
        }
    }
}

/// <summary>What to do with NaN inside a series (trailing NaN are always padding).</summary>
public enum MissingValues
{
    /// <summary>Fail with a message naming the row and step.</summary>
    Error,
    /// <summary>Fill by linear interpolation.</summary>
    Interpolate,
}
