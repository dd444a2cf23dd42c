using System.Diagnostics;
using System.Globalization;
using Rntk.Experiments;

namespace Rntk.Cli;

/// <summary>A one-line progress bar on stderr, redrawn at most 4 times a second (or a line every 30 s into a log).</summary>
internal sealed class ProgressBar(TextWriter w, bool toLog) : IProgress<ExperimentProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private long _lastDraw = -1000;
    private int _width;

    public void Report(ExperimentProgress p)
    {
        lock (_gate)
        {
            long now = _clock.ElapsedMilliseconds;
            if (now - _lastDraw < (toLog ? 30_000 : 250)) return;
            _lastDraw = now;
            double f = Math.Clamp(p.Overall, 0, 1);
            int filled = (int)(f * 30);
            string eta = f > 0.001 ? Format(TimeSpan.FromMilliseconds(now * (1 - f) / f)) : "?";
            string line = string.Create(CultureInfo.InvariantCulture,
                $"\r[{new string('#', filled)}{new string('.', 30 - filled)}] {f * 100,5:F1}%  {p.DatasetIndex + 1}/{p.DatasetCount} {p.Dataset}  " +
                $"{p.Method} {p.Candidate + 1}/{p.Candidates}  eta {eta} ");
            if (toLog)
            {
                w.WriteLine(line[1..].TrimEnd());
                w.Flush();
                return;
            }
            _width = Math.Max(_width, line.Length);
            w.Write(line.PadRight(_width));
            w.Flush();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            if (_width == 0) return;
            w.Write("\r" + new string(' ', _width) + "\r");
            _width = 0;
        }
    }

    /// <summary>
    /// The bar for a command's stderr, or null with --quiet. Into a log file (stderr redirected) the bar becomes a plain
    /// line every 30 s instead of a redrawn line.
    /// </summary>
    public static ProgressBar? ForStderr(TextWriter stderr, bool quiet) =>
        quiet ? null : new ProgressBar(stderr, ReferenceEquals(stderr, Console.Error) && Console.IsErrorRedirected);

    internal static string Format(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : $"{t.Minutes}m{t.Seconds:D2}s";
}
