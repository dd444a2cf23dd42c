using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Rntk.Cli.Bench;

/// <summary>
/// Runs the numpy peer (the RNTK authors' all-pairs algorithm, shared/bench/peer_rntk_numpy.py) on the same files
/// and hyper-parameters, and reads its one JSON line.
/// </summary>
internal sealed class PeerRunner(string python, string script)
{
    /// <summary>OpenBLAS tuning variables this environment may set; unset for the peer only, so numpy runs as shipped.</summary>
    public static readonly string[] UnsetVariables = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"];

    public string Python { get; } = python;
    public string Script { get; } = script;

    public sealed record Result(double Seconds, double LayerPairStepsPerSecond, double Sum, double K01, double K00, int N, int T);

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
        var args = new List<string> { Script };
        args.AddRange(files);
        args.AddRange(["--layers", layers.ToString(ci), "--sw", sw.ToString("R", ci), "--su", su.ToString("R", ci),
            "--sb", sb.ToString("R", ci), "--sh", sh.ToString("R", ci), "--sv", sv.ToString("R", ci)]);
        if (limit > 0) args.AddRange(["--limit", limit.ToString(ci)]);
        var (code, stdout, stderr) = Run(args, TimeSpan.FromHours(2), ct);
        if (code != 0) throw new CliException($"the peer failed (exit {code}): {OneLine(stderr)}");
        string line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
            ?? throw new CliException("the peer printed nothing.");
        using var doc = JsonDocument.Parse(line);
        var r = doc.RootElement;
        double Get(string name) => r.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN;
        return new Result(Get("seconds"), Get("layer_pair_steps_per_s"), Get("sum"), Get("k01"), Get("k00"), (int)Get("n"), (int)Get("T"));
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
