using System.Globalization;
using System.Text;
using Rntk.IO;

namespace Rntk.Experiments;

/// <summary>
/// The results table on disk: one CSV row per (dataset, method), header first. Every append rewrites the file to a
/// temporary and renames it over the old one (<see cref="AtomicFile"/>), so a run killed at any moment leaves either
/// the old or the new complete table, and a rerun skips what is already there. Appends hold an exclusive lock on a
/// companion file (<c>.NAME.lock</c>, left in place) from reading to renaming, so runs that share one results file
/// (several processes, one dataset each) never lose each other's rows.
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
                rows.Add(Checked(new ResultRow(f[0], f[1], f[2], f[3], f[4], Num(f[5]), Num(f[6]), Num(f[7]),
                    Count(f[8]), Count(f[9]), Count(f[10]), Count(f[11]))));
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                if (i == last && !endsWithNewline) { dropped++; continue; }
                throw new InvalidDataException($"{path}, line {i + 1}: {e.Message}");
            }
        }
        return (rows, dropped);
    }

    /// <summary>
    /// Adds <paramref name="row"/> to the file (creating it with a header), atomically and under the file's lock; a row
    /// with the same <see cref="ResultRow.Key"/> (another process finished it first) is replaced. Returns all rows now
    /// in the file. Not cancellable on purpose: the row may stand for hours of work, and the lock is held by other
    /// appends for milliseconds, so a cancelled run still saves the row it has finished.
    /// </summary>
    public static List<ResultRow> Append(string path, ResultRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        using var _ = Lock(path);
        var (rows, _) = Read(path);
        rows.RemoveAll(r => r.Key == row.Key);
        rows.Add(row);
        Write(path, rows);
        return rows;
    }

    /// <summary>
    /// Waits for, then holds (until disposed), the exclusive lock of <paramref name="path"/>'s companion file; creates
    /// the folder if needed. Callers can take it once up front to learn early that the place cannot be written. .NET maps FileShare.None
    /// to an advisory lock (flock on Unix), which other processes' opens respect and the OS releases when a process dies.
    /// The companion is never deleted: deleting it while another process waits would let two holders exist. Gives up
    /// with an <see cref="IOException"/> naming the lock file after 2 minutes, and stops waiting when
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static FileStream Lock(string path, CancellationToken cancellationToken = default) =>
        Lock(path, LockTimeout, cancellationToken);

    internal static FileStream Lock(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);   // as the atomic write would: a results file may start a new folder
        string lockPath = Path.Combine(folder, "." + Path.GetFileName(full) + ".lock");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        for (int attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e) when (HeldElsewhere(e))
            {
                // Only "another process holds the lock" is waited for; any other failure (a read-only file system, no
                // locking on a network mount) is rethrown at once, as it is.
                if (waited.Elapsed >= timeout)
                    throw new IOException($"{lockPath} has been locked by another process for {timeout.TotalSeconds:0} s " +
                                          $"(another rntk writing {Path.GetFileName(full)}?); try again when it has finished.", e);
                cancellationToken.WaitHandle.WaitOne(Math.Min(10 * (attempt + 1), 200));
            }
        }
    }

    /// <summary>
    /// A sharing violation: the lock (flock on Unix) is held by another open file. .NET reports it as an IOException whose
    /// HResult is the errno EWOULDBLOCK (11 on Linux, 35 on macOS), or ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION
    /// (32, 33) on Windows.
    /// </summary>
    private static bool HeldElsewhere(IOException e) =>
        e.GetType() == typeof(IOException) && (e.HResult is 11 or 35 || (e.HResult & 0xFFFF) is 32 or 33);

    /// <summary>How long an append waits for another process's append (each takes milliseconds) before giving up.</summary>
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(2);

    /// <summary>A row read from a file, range-checked: a damaged or hand-edited file is an error, not a table of wrong numbers.</summary>
    private static ResultRow Checked(ResultRow r)
    {
        static bool Share(double v) => v is >= 0 and <= 1;
        if (!Share(r.TestAccuracy)) throw new FormatException($"test_accuracy {r.TestAccuracy} is not between 0 and 1.");
        if (!double.IsNaN(r.CvAccuracy) && !Share(r.CvAccuracy)) throw new FormatException($"cv_accuracy {r.CvAccuracy} is not between 0 and 1 (or empty).");
        if (!(r.Seconds >= 0) || double.IsInfinity(r.Seconds)) throw new FormatException($"seconds {r.Seconds} is not a finite non-negative number.");
        if (r.Train < 1 || r.Test < 0 || r.Classes < 1) throw new FormatException($"n_train {r.Train}, n_test {r.Test}, n_classes {r.Classes}: counts out of range.");
        ResultRow.ParseParameters(r.Parameters);   // "key=value …", or a FormatException naming the bad pair
        return r;
    }

    private static int Count(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);

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
