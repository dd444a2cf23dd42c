using System.Globalization;
using System.Text;
using Rntk.IO;

namespace Rntk.Experiments;

/// <summary>
/// The results table on disk: one CSV row per (dataset, method), header first. Every append rewrites the file to a
/// temporary and renames it over the old one (<see cref="AtomicFile"/>), so a run killed at any moment leaves either
/// the old or the new complete table, and a rerun skips what is already there.
/// </summary>
public static class ResultsCsv
{
    public static readonly string[] Header =
        ["dataset", "method", "grid", "options", "params", "cv_accuracy", "test_accuracy", "seconds", "n_train", "n_test", "n_classes", "candidates"];

    /// <summary>
    /// Reads a results file (missing file: no rows). A last line that is incomplete (no line end and the wrong number of
    /// fields, e.g. a file cut by a copy) is dropped and reported in <c>DroppedLines</c>; any other malformed line is an
    /// error naming it.
    /// </summary>
    public static (List<ResultRow> Rows, int DroppedLines) Read(string path)
    {
        var rows = new List<ResultRow>();
        if (!File.Exists(path)) return (rows, 0);
        string text = File.ReadAllText(path);
        var lines = text.Split('\n');
        bool endsWithNewline = text.EndsWith('\n');
        int last = endsWithNewline ? lines.Length - 2 : lines.Length - 1; // the split leaves "" after a final '\n'
        int dropped = 0;
        if (last < 0 || lines[0].TrimEnd('\r') != string.Join(',', Header))
        {
            if (text.Length == 0) return (rows, 0);
            throw new InvalidDataException($"{path}: not a results file (the first line must be '{string.Join(',', Header)}').");
        }
        for (int i = 1; i <= last; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            var f = SplitCsv(line);
            if (f is null || f.Count != Header.Length)
            {
                if (i == last && !endsWithNewline) { dropped++; continue; }
                throw new InvalidDataException($"{path}, line {i + 1}: expected {Header.Length} fields, found {f?.Count.ToString(CultureInfo.InvariantCulture) ?? "an unterminated quote"}.");
            }
            try
            {
                rows.Add(new ResultRow(f[0], f[1], f[2], f[3], f[4], Num(f[5]), Num(f[6]), Num(f[7]),
                    int.Parse(f[8], CultureInfo.InvariantCulture), int.Parse(f[9], CultureInfo.InvariantCulture),
                    int.Parse(f[10], CultureInfo.InvariantCulture), int.Parse(f[11], CultureInfo.InvariantCulture)));
            }
            catch (FormatException e)
            {
                if (i == last && !endsWithNewline) { dropped++; continue; }
                throw new InvalidDataException($"{path}, line {i + 1}: {e.Message}");
            }
        }
        return (rows, dropped);
    }

    /// <summary>Adds <paramref name="row"/> to the file (creating it with a header), atomically; returns all rows now in it.</summary>
    public static List<ResultRow> Append(string path, ResultRow row)
    {
        var (rows, _) = Read(path);
        rows.Add(row);
        Write(path, rows);
        return rows;
    }

    /// <summary>Writes the whole table atomically.</summary>
    public static void Write(string path, IEnumerable<ResultRow> rows)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', Header)).Append('\n');
        foreach (var r in rows) sb.Append(Line(r)).Append('\n');
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    public static string Line(ResultRow r)
    {
        var ci = CultureInfo.InvariantCulture;
        string[] f =
        [
            r.Dataset, r.Method, r.Grid, r.Options, r.Parameters, Fmt(r.CvAccuracy), Fmt(r.TestAccuracy),
            r.Seconds.ToString("0.###", ci), r.Train.ToString(ci), r.Test.ToString(ci), r.Classes.ToString(ci), r.Candidates.ToString(ci),
        ];
        return string.Join(',', f.Select(Quote));
    }

    private static string Fmt(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);

    private static double Num(string s) =>
        s.Length == 0 ? double.NaN : double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    /// <summary>RFC 4180 fields of one line; null for an unterminated quote.</summary>
    private static List<string>? SplitCsv(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        if (quoted) return null;
        fields.Add(sb.ToString());
        return fields;
    }
}
