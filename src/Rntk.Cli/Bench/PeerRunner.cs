using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Rntk.Cli.Bench;

/// <summary>
/// Runs the numpy peer (the RNTK authors' all-pairs algorithm, bench/peer_rntk_numpy.py) on the same files
/// and hyper-parameters, and reads its one JSON line.
/// </summary>
internal sealed class PeerRunner(string python, string script)
{
    /// <summary>OpenBLAS tuning variables this environment may set; unset for the peer only, so numpy runs as shipped.</summary>
    public static readonly string[] UnsetVariables = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"];

    public string Python { get; } = python;
    public string Script { get; } = script;

    /// <param name="Seconds">Wall seconds of the Gram computation (the peer's own timer, time.perf_counter).</param>
    /// <param name="CpuSeconds">CPU seconds of the same stretch (time.process_time read at the same two moments).</param>
    public sealed record Result(double Seconds, double CpuSeconds, double Sum, double K01, double K00, int N, int T);

    /// <summary>
    /// Runs the peer script unchanged, with its timer (time.perf_counter, read once before and once after the Gram)
    /// wrapped so that each reading also records time.process_time: on a shared machine the wall time includes waiting
    /// for a core, the CPU time does not. The peer's own JSON line is printed with its wall figures restored, then one
    /// line with the CPU seconds.
    /// </summary>
    private const string Wrapper =
        "import json, runpy, sys, time\n" +
        "wall, cpu = [], []\n" +
        "real = time.perf_counter\n" +
        "def timer():\n" +
        "    cpu.append(time.process_time()); wall.append(real()); return wall[-1]\n" +
        "time.perf_counter = timer\n" +
        "sys.argv = sys.argv[1:]\n" +
        "runpy.run_path(sys.argv[0], run_name='__main__')\n" +
        "print(json.dumps({'cpu_seconds': cpu[-1] - cpu[0], 'wall_seconds': wall[-1] - wall[0]}))\n";

    /// <summary>The variables (NAME=value) that are set here and will be removed from the peer's environment.</summary>
    public static IReadOnlyList<string> VariablesToUnset() =>
        UnsetVariables.Where(v => Environment.GetEnvironmentVariable(v) is not null)
            .Select(v => $"{v}={Environment.GetEnvironmentVariable(v)}").ToList();

    /// <summary>numpy's version as the peer's interpreter sees it, or null with the reason in <paramref name="error"/>.</summary>
    public string? NumpyVersion(out string? error)
    {
        var (code, stdout, stderr) = Run(["-c", "import numpy; print(numpy.__version__)"], TimeSpan.FromMinutes(1), default);
        error = code == 0 ? null : $"{Python} cannot import numpy ({OneLine(stderr)}); on Debian: apt-get install -y python3-numpy";
        return code == 0 ? stdout.Trim() : null;
    }

    public Result Gram(IEnumerable<string> files, int layers, double sw, double su, double sb, double sh, double sv, int limit, CancellationToken ct)
    {
        var ci = CultureInfo.InvariantCulture;
        var args = new List<string> { "-c", Wrapper, Script };
        args.AddRange(files);
        args.AddRange(["--layers", layers.ToString(ci), "--sw", sw.ToString("R", ci), "--su", su.ToString("R", ci),
            "--sb", sb.ToString("R", ci), "--sh", sh.ToString("R", ci), "--sv", sv.ToString("R", ci)]);
        if (limit > 0) args.AddRange(["--limit", limit.ToString(ci)]);
        var (code, stdout, stderr) = Run(args, TimeSpan.FromHours(2), ct);
        if (code != 0) throw new CliException($"the peer failed (exit {code}): {OneLine(stderr)}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length < 2) throw new CliException($"the peer printed {lines.Length} lines, expected its result and the timer line.");
        using var peer = JsonDocument.Parse(lines[^2]);
        using var timer = JsonDocument.Parse(lines[^1]);
        static double Get(JsonElement r, string name) =>
            r.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN;
        var p = peer.RootElement;
        return new Result(Get(p, "seconds"), Get(timer.RootElement, "cpu_seconds"), Get(p, "sum"), Get(p, "k01"), Get(p, "k00"),
            (int)Get(p, "n"), (int)Get(p, "T"));
    }

    private (int Code, string Stdout, string Stderr) Run(IEnumerable<string> args, TimeSpan timeout, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var v in UnsetVariables) psi.Environment.Remove(v);
        using var p = Process.Start(psi) ?? throw new CliException($"cannot start {Python}.");
        var outTask = p.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errTask = p.StandardError.ReadToEndAsync(CancellationToken.None);
        var sw = Stopwatch.StartNew();
        while (!p.WaitForExit(200))
        {
            if (!ct.IsCancellationRequested && sw.Elapsed < timeout) continue;
            p.Kill(entireProcessTree: true);
            ct.ThrowIfCancellationRequested();
            throw new CliException($"the peer ran past {timeout.TotalMinutes} minutes.");
        }
        return (p.ExitCode, outTask.Result, errTask.Result);
    }

    private static string OneLine(string s)
    {
        var lines = s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "no message" : lines[^1];
    }
}
