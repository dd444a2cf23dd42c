using System.Diagnostics;
using System.Globalization;
using Rntk.Cli.Bench;
using Rntk.Data;
using Rntk.Gram;
using Rntk.Kernels;

namespace Rntk.Cli.Commands;

/// <summary>
/// `rntk bench`: Gram-matrix speed of the scalar reference engine, the SIMD engine and the numpy peer (the RNTK
/// authors' all-pairs algorithm) on the same UCR data and hyper-parameters, in one run, with the ratios and the
/// checks that the three agree. A measurement tool, not a test.
/// </summary>
public sealed class BenchCommand : ICommand
{
    // The peer's defaults (bench/peer_rntk_numpy.py): ReLU, last step, independent h0.
    private const double Sw = 1.4142135623730951, Su = 0.5, Sb = 0.1, Sh = 0, Sv = 1;

    public string Name => "bench";
    public string Summary => "Gram speed: scalar reference vs SIMD engine vs the numpy peer, side by side";
    public IReadOnlyCollection<string> Flags => ["json", "skip-peer", "skip-reference", "no-ablation", "no-probe"];
    public string Usage =>
        "Usage: rntk bench [--cases GunPoint,ShapesAll] [--layers 1,2] [--threads K] [--repeat R] [--limit N]\n" +
        "                  [--data-dir DIR] [--peer peer_rntk_numpy.py] [--python /usr/bin/python3]\n" +
        "                  [--skip-peer] [--skip-reference] [--no-ablation] [--no-probe] [--json]\n\n" +
        "For each UCR dataset (train+test rows stacked) and layer count: the reference engine, the SIMD engine and the\n" +
        "numpy peer compute the RNTK Gram (ReLU, σw=√2 σu=0.5 σb=0.1 σh=0 σv=1, the peer's defaults); prints seconds,\n" +
        "layer-pair-steps per second (N·N·T·L / s) and the ratios, and checks that the engines agree with each other\n" +
        "and with the peer's sum, K[0,1] and K[0,0]. The ablation (first case, L=1, one thread) times each\n" +
        "optimisation; the probe measures the clock and the divider, to say how close the engine is to the machine.\n" +
        "Data: --data-dir, else $RNTK_DATA_DIR, else ./data/ucr, else shared/data/ucr in an ancestor of the current\n" +
        "directory. Peer: --peer, else bench/peer_rntk_numpy.py (the repository's copy), else shared/bench/, looked for\n" +
        "in the current directory and its ancestors; run by --python (default /usr/bin/python3,\n" +
        "Debian's numpy) with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its environment.\n" +
        "--limit N: only the first N series (quick runs). --repeat R: best of R runs of every engine (default: 3 for\n" +
        "cases under 1e8 layer-pair-steps, else 1).";

    public int Run(CliArgs a, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        string[] cases = (a.String("cases") ?? "GunPoint,ShapesAll").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();
        int[] layers = (a.DoubleList("layers") ?? [1, 2]).Select(ToLayers).Distinct().ToArray();
        if (layers.Length == 0) throw new CliException("--layers names no layer count.");
        int? threads = a.Has("threads") ? a.Int("threads", 0) : null;
        int repeatOption = a.Int("repeat", 0), limit = a.Int("limit", 0);
        string? dataOption = a.String("data-dir"), peerOption = a.String("peer");
        string python = a.String("python") ?? "/usr/bin/python3";
        bool json = a.Flag("json"), skipPeer = a.Flag("skip-peer"), skipRef = a.Flag("skip-reference");
        bool ablation = !a.Flag("no-ablation"), probe = !a.Flag("no-probe");
        a.EnsureAllUsed();
        if (threads is < 1) throw new CliException($"--threads must be at least 1 (got {threads}).");
        if (repeatOption < 0 || (a.Has("repeat") && repeatOption < 1)) throw new CliException($"--repeat must be at least 1 (got {repeatOption}).");
        if (limit < 0) throw new CliException($"--limit must be positive (got {limit}).");
        if (cases.Length == 0) throw new CliException("--cases names no dataset.");
        string ucr = BenchPaths.UcrDir(dataOption);
        var report = new BenchReport(stdout, json);

        int cores = threads ?? Environment.ProcessorCount;
        report.Header(cores, LoadAverage(), SimdGram.BestVectorBits);
        PeerRunner? peer = null;
        if (!skipPeer)
        {
            string script = BenchPaths.PeerScript(peerOption)
                ?? throw new CliException("Peer script not found: run from the repository (bench/peer_rntk_numpy.py), pass --peer PATH, or --skip-peer.");
            if (!File.Exists(python)) throw new CliException($"--python: no such interpreter '{python}' (Debian: apt-get install -y python3-numpy).");
            peer = new PeerRunner(python, script);
            string version = peer.NumpyVersion(out var error) ?? throw new CliException(error!);
            report.Peer(python, script, version, PeerRunner.VariablesToUnset());
        }
        MachineProbe.Result? machine = probe ? MachineProbe.Measure() : null;
        if (machine is not null) report.Probe(machine);

        var cfg0 = new KernelConfig(1, Sw, Su, Sb, Sh, Sv);
        Warmup(cfg0);
        foreach (var name in cases)
        {
            var files = BenchPaths.DatasetFiles(ucr, name);
            var seqs = Load(files, limit);
            int n = seqs.Count, T = seqs.Max(s => s.Length);
            foreach (int L in layers)
            {
                ct.ThrowIfCancellationRequested();
                var cfg = cfg0.With(layers: L);
                double steps = (double)n * n * T * L;
                // Short runs are at the mercy of a moment's load: best of 3 (every engine alike) unless --repeat says.
                int repeat = repeatOption > 0 ? repeatOption : steps < 1e8 ? 3 : 1;
                BenchReport.Row? refRow = null, peerRow = null;
                GramResult? reference = null;
                if (!skipRef)
                {
                    (reference, double s, double c) = Time(repeat, () => Gram(cfg, seqs, new GramOptions { Device = GramDevice.Cpu, Engine = GramEngineKind.Reference, MaxDegreeOfParallelism = threads }, ct));
                    refRow = new BenchReport.Row(name, n, T, L, reference.Engine, cores, s, steps / s, c);
                }
                var (simd, ss, sc) = Time(repeat, () => Gram(cfg, seqs, new GramOptions { Device = GramDevice.Cpu, Engine = GramEngineKind.Simd, MaxDegreeOfParallelism = threads }, ct));
                var simdRow = new BenchReport.Row(name, n, T, L, simd.Engine, cores, ss, steps / ss, sc);
                PeerRunner.Result? pr = null;
                if (peer is not null)
                {
                    // Best of --repeat runs, like our engines.
                    var best = peer.Gram(files, L, Sw, Su, Sb, Sh, Sv, limit, ct);
                    for (int r = 1; r < repeat; r++)
                    {
                        var run = peer.Gram(files, L, Sw, Su, Sb, Sh, Sv, limit, ct);
                        best = best with { Seconds = Math.Min(best.Seconds, run.Seconds), CpuSeconds = Math.Min(best.CpuSeconds, run.CpuSeconds) };
                    }
                    pr = best;
                    if (pr.N != n) throw new CliException($"The peer read {pr.N} series, we {n}.");
                    peerRow = new BenchReport.Row(name, n, T, L, "numpy peer (authors' all-pairs)", 1, pr.Seconds, steps / pr.Seconds, pr.CpuSeconds);
                }
                report.Case(refRow, simdRow, peerRow);
                report.Agreement(name, L, reference?.Rntk, simd.Rntk, pr);
            }
        }
        if (ablation) Ablation(report, ucr, cases[0], limit, cfg0, machine, ct);
        report.Footer(LoadAverage());
        return 0;
    }

    private static int ToLayers(double v) =>
        v >= 1 && v <= 64 && v == Math.Floor(v) ? (int)v : throw new CliException($"--layers: {v} is not a layer count (1..64).");

    /// <summary>
    /// One thread, the first case, L = 1: the reference, then the SIMD engine with one optimisation more at a time
    /// (vector width, rows per lane block, two vectors interleaved), and the division-free ReLU form (what
    /// reference-exact rounding costs).
    /// </summary>
    private static void Ablation(BenchReport report, string ucr, string name, int limit, KernelConfig cfg, MachineProbe.Result? machine, CancellationToken ct)
    {
        var seqs = Load(BenchPaths.DatasetFiles(ucr, name), limit);
        int n = seqs.Count, T = seqs.Max(s => s.Length);
        double steps = (double)n * n * T;
        var one = new GramOptions { Device = GramDevice.Cpu, MaxDegreeOfParallelism = 1 };
        var rows = new List<(string What, double Seconds, double CpuSeconds)>();
        (_, double sr, double cr) = Time(5, () => Gram(cfg, seqs, one with { Engine = GramEngineKind.Reference }, ct));
        rows.Add(("scalar reference (PairRecursion per pair)", sr, cr));
        foreach (var (bits, inter, group, free, what) in new[]
        {
            (128, 1, 1, false, "lanes: 128-bit vectors, 1 row (2 pairs in flight)"),
            (256, 1, 1, false, "lanes: 256-bit vectors, 1 row (4 pairs, AVX2)"),
            (512, 1, 1, false, "lanes: 512-bit vectors, 1 row (8 pairs, AVX-512)"),
            (512, 1, 4, false, "+ 4 rows per lane block (32 pairs in flight)"),
            (512, 2, 4, false, "+ 2 vectors interleaved (64 pairs in flight) = engine"),
            (512, 2, 4, true, "engine with division-free ReLU (not reference-exact)"),
        })
        {
            if (bits > SimdGram.BestVectorBits) continue;
            ct.ThrowIfCancellationRequested();
            // Best of 5: these runs are short, and other processes only ever make one slower.
            (_, double s, double c) = Time(5, () =>
            {
                var ps = new PreparedSet(cfg, seqs);
                var sink = new KernelMatrixSink(n, n, symmetric: true);
                GramTileDriver.Run(new SimdGram(ps, null, bits, inter, free) { RowsInFlight = group }, sink, one, null, ct);
                return 0;
            });
            rows.Add((what, s, c));
        }
        report.Ablation(name, n, T, steps, rows, rows.FindIndex(r => r.What.EndsWith("= engine")), machine);
    }

    private static List<Sequence> Load(string[] files, int limit)
    {
        var seqs = new List<Sequence>();
        foreach (var f in files)
        {
            var rows = UcrTsvReader.ReadRows(f);
            for (int i = 0; i < rows.Count; i++) seqs.Add(Sequence.Univariate(rows[i].Values, $"{Path.GetFileName(f)}, row {i}"));
        }
        return limit > 0 ? seqs.Take(limit).ToList() : seqs;
    }

    /// <summary>The whole computation a user waits for: variance chains, coefficients and the Gram.</summary>
    private static GramResult Gram(KernelConfig cfg, List<Sequence> seqs, GramOptions o, CancellationToken ct) =>
        new RntkKernel(cfg).Gram(seqs, o, null, ct);

    /// <summary>The best of <paramref name="repeat"/> runs: the least wall seconds and the least CPU seconds of this process.</summary>
    private static (T Result, double Seconds, double CpuSeconds) Time<T>(int repeat, Func<T> f)
    {
        T result = default!;
        double best = double.MaxValue, cpu = double.MaxValue;
        for (int r = 0; r < repeat; r++)
        {
            double c0 = CpuClock.Seconds();
            var sw = Stopwatch.StartNew();
            result = f();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
            cpu = Math.Min(cpu, CpuClock.Seconds() - c0);
        }
        return (result, best, cpu);
    }

    /// <summary>
    /// Runs both engines on a small input a few times, then gives tiered compilation a moment to install its
    /// optimised code (it compiles in the background), so that the first timed case is not charged for the JIT.
    /// </summary>
    private static void Warmup(KernelConfig cfg)
    {
        var rng = new Random(1);
        var seqs = Enumerable.Range(0, 40).Select(_ => Sequence.Univariate(Enumerable.Range(0, 20).Select(_ => rng.NextDouble()).ToArray())).ToList();
        for (int r = 0; r < 3; r++)
            foreach (var e in new[] { GramEngineKind.Reference, GramEngineKind.Simd })
                foreach (int L in new[] { 1, 2 })
                    new RntkKernel(cfg.With(layers: L)).Gram(seqs, new GramOptions { Device = GramDevice.Cpu, Engine = e });
        Thread.Sleep(500);
    }

    /// <summary>/proc/loadavg's three averages (other sessions share this machine), or "n/a".</summary>
    private static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "n/a"; }
        catch (UnauthorizedAccessException) { return "n/a"; }
    }
}
