using System.Diagnostics;
using System.Globalization;
using Rntk.Data;
using Rntk.Kernels;
using Rntk.Networks;

namespace Rntk.Cli.Commands;

/// <summary>`rntk verify`: finite-width networks against the analytic kernels, error per width and fitted slope.</summary>
public sealed class VerifyCommand : ICommand
{
    public string Name => "verify";
    public string Summary => "Monte Carlo check: random finite RNNs vs the analytic RNTK/NNGP, error per width";
    public IReadOnlyCollection<string> Flags => [.. KernelOptions.Flags, "json", "progress"];
    public string Usage =>
        "Usage: rntk verify [kernel options] [--widths 64,256,1024] [--networks 8]\n" +
        "                   [--sequences FILE.tsv [--limit K] | --random N,T[,m]] [--seed S] [--threads P] [--progress] [--json]\n\n" +
        "Samples --networks random RNNs of each width (NTK parametrisation, the same configuration as the kernel),\n" +
        "computes each one's empirical NTK and NNGP Gram matrices on the sequences and prints, per width, the mean and\n" +
        "standard deviation over networks of the relative Frobenius error ‖K̂ − K‖_F/‖K‖_F against the analytic Gram,\n" +
        "the error of the Gram averaged over the networks, and the least-squares slope of log(mean error) against\n" +
        "log(width) (theory: about −1/2). Inputs: the rows of a UCR TSV file (the first K with --limit), or N random\n" +
        $"sequences of T steps and m channels with N(0,1) values (default --random {DefaultRandom}). The seed (default 1)\n" +
        "fixes the inputs and the networks; results do not depend on --threads (default: all cores).\n" +
        "--json prints one object: widths, rntk_error, nngp_error (means), rntk_error_sd, nngp_error_sd,\n" +
        "rntk_mean_gram_error, nngp_mean_gram_error, slope_rntk, slope_nngp, networks, sequences, seconds, config.\n\n" +
        KernelOptions.Usage;

    private const string DefaultRandom = "8,16";

    public int Run(CliArgs a, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var cfg = KernelOptions.Parse(a);
        var widths = ParseWidths(a.String("widths") ?? "64,256,1024");
        int networks = a.Int("networks", 8);
        if (networks < 1) throw new CliException($"--networks must be at least 1 (got {networks}).");
        int seed = a.Int("seed", 1);
        int? threads = a.Has("threads") ? a.Int("threads", 0) : null;
        if (threads is < 1) throw new CliException($"--threads must be at least 1 (got {threads}).");
        string? file = a.String("sequences");
        string? random = a.String("random");
        int? limit = a.Has("limit") ? a.Int("limit", 0) : null;
        bool json = a.Flag("json"), showProgress = a.Flag("progress");
        a.EnsureAllUsed();
        if (file is not null && random is not null) throw new CliException("Give --sequences or --random, not both.");
        if (limit is not null && file is null) throw new CliException("--limit applies to --sequences only.");
        if (limit is < 1) throw new CliException($"--limit must be at least 1 (got {limit}).");

        string source;
        List<Sequence> set;
        if (file is not null)
        {
            var rows = UcrTsvReader.ReadRows(file);
            int take = Math.Min(limit ?? rows.Count, rows.Count);
            set = rows.Take(take).Select((r, i) => Sequence.Univariate(r.Values, $"{Path.GetFileName(file)}, row {i}")).ToList();
            source = $"{take} sequences of {Path.GetFileName(file)}";
        }
        else
        {
            var (count, length, channels) = ParseRandom(random ?? DefaultRandom);
            set = RandomInputs.Gaussian(count, length, channels, seed);
            source = $"{count} random sequences (T={length}, m={channels})";
        }
        CheckMemory(cfg, set, widths, networks, threads);

        IProgress<MonteCarloProgress>? progress = null;
        if (showProgress)
        {
            var gate = new object();
            progress = new SyncProgress<MonteCarloProgress>(p =>
            {
                lock (gate)
                {
                    stderr.Write($"\rverify: {p.NetworksDone}/{p.NetworksTotal} networks");
                    if (p.NetworksDone == p.NetworksTotal) stderr.WriteLine();
                }
            });
        }

        var sw = Stopwatch.StartNew();
        var result = ConvergenceStudy.Run(cfg, set, widths, networks, seed,
            new MonteCarloOptions { MaxDegreeOfParallelism = threads }, progress, ct);
        double seconds = sw.Elapsed.TotalSeconds;
        var pts = result.Points;
        if (json)
        {
            stdout.WriteLine(Json.Serialize(new Dictionary<string, object>
            {
                ["widths"] = pts.Select(p => p.Width).ToArray(),
                ["rntk_error"] = pts.Select(p => p.MeanRntkError).ToArray(),
                ["nngp_error"] = pts.Select(p => p.MeanNngpError).ToArray(),
                ["rntk_error_sd"] = pts.Select(p => p.StdRntkError).ToArray(),
                ["nngp_error_sd"] = pts.Select(p => p.StdNngpError).ToArray(),
                ["rntk_mean_gram_error"] = pts.Select(p => p.MeanGramRntkError).ToArray(),
                ["nngp_mean_gram_error"] = pts.Select(p => p.MeanGramNngpError).ToArray(),
                ["slope_rntk"] = result.SlopeRntk,
                ["slope_nngp"] = result.SlopeNngp,
                ["networks"] = networks,
                ["sequences"] = set.Count,
                ["seed"] = seed,
                ["seconds"] = seconds,
                ["config"] = KernelOptions.Describe(cfg),
            }));
            return 0;
        }
        var ci = CultureInfo.InvariantCulture;
        stdout.WriteLine($"{cfg}");
        stdout.WriteLine($"{source}; {networks} network(s) per width; seed {seed}");
        stdout.WriteLine("Relative Frobenius error ‖K̂ − K‖_F/‖K‖_F of single networks (mean ± sd) and of their average Gram:");
        stdout.WriteLine($"{"width",7}  {"RNTK",-17}  {"NNGP",-17}  {"RNTK avg",9}  {"NNGP avg",9}");
        foreach (var p in pts)
        {
            stdout.WriteLine(string.Create(ci,
                $"{p.Width,7}  {p.MeanRntkError,7:F4} ± {p.StdRntkError,-7:F4}  {p.MeanNngpError,7:F4} ± {p.StdNngpError,-7:F4}  {p.MeanGramRntkError,9:F4}  {p.MeanGramNngpError,9:F4}"));
        }
        stdout.WriteLine(pts.Count > 1
            ? string.Create(ci, $"log-log slope of mean error vs width: RNTK {result.SlopeRntk:F3}, NNGP {result.SlopeNngp:F3} (theory ≈ −0.5)")
            : "log-log slope: needs at least two widths");
        stdout.WriteLine(string.Create(ci, $"{widths.Length * networks} networks in {seconds:F2} s"));
        return 0;
    }

    private static int[] ParseWidths(string s)
    {
        var parts = s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new CliException("--widths is empty: give widths such as 64,256,1024.");
        var w = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out w[i]) || w[i] < 1)
                throw new CliException($"--widths: '{parts[i]}' is not a positive integer.");
        }
        if (w.Distinct().Count() != w.Length) throw new CliException("--widths: every width must be distinct.");
        return w;
    }

    private static (int N, int T, int M) ParseRandom(string s)
    {
        var parts = s.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 3) throw new CliException($"--random needs N,T or N,T,m (got '{s}').");
        var v = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out v[i]) || v[i] < 1)
                throw new CliException($"--random: '{parts[i]}' is not a positive integer (N,T[,m]).");
        }
        return (v[0], v[1], parts.Length == 3 ? v[2] : 1);
    }

    /// <summary>Refuses runs whose network traces would not fit in memory, before any work.</summary>
    private static void CheckMemory(KernelConfig cfg, List<Sequence> set, int[] widths, int networks, int? threads)
    {
        int dirs = cfg.Direction == Direction.Bidirectional ? 2 : 1;
        long n = widths.Max(), N = set.Count, T = set.Max(s => s.Length);
        // Per network: one direction's hidden states and deltas, L·(2T+1)·N·n, the parameters of every direction
        // (≈ 2·L·n² each) and the transposed weights of backpropagation (≈ 2·L·n²).
        double perNetwork = 8.0 * cfg.Layers * ((2 * T + 1) * N * n + (2 * dirs + 2) * n * n);
        int parallel = Math.Min(threads ?? Environment.ProcessorCount, widths.Length * networks);
        double total = perNetwork * parallel;
        const double limit = 16e9;
        if (total > limit)
            throw new CliException(string.Create(CultureInfo.InvariantCulture,
                $"This run would need about {total / 1e9:F1} GB ({perNetwork / 1e9:F2} GB per network at width {n}, {parallel} at once); use fewer or shorter sequences (--limit), smaller widths or fewer --threads."));
    }
}
