using System.Globalization;
using Rntk.Data;
using Rntk.Gpu;
using Rntk.Gram;
using Rntk.IO;
using Rntk.Kernels;

namespace Rntk.Cli.Commands;

/// <summary>`rntk gram`: the Gram matrix of the rows of UCR TSV files or a .npy array, on the CPU or a GPU, written as .npy or .csv.</summary>
public sealed class GramCommand : ICommand
{
    public string Name => "gram";
    public string Summary => "Gram matrix of UCR TSV files or an N×T .npy array, on the CPU or a GPU, to .npy or .csv";
    public IReadOnlyCollection<string> Flags => [.. KernelOptions.Flags, "json", "progress", "interpolate"];
    public string Usage =>
        "Usage: rntk gram (--train A_TRAIN.tsv [--test A_TEST.tsv] | --input X.npy) [kernel options] [--kernel rntk|nngp]\n" +
        "                 [--out K.npy|K.csv] [--device auto|cpu|gpu|ilgpu-cpu] [--engine auto|simd|reference]\n" +
        "                 [--threads K] [--tile S] [--progress] [--interpolate] [--json] [--reps R]\n\n" +
        "Reads UCR TSV files (label first, tab separated, trailing NaN = padding) and stacks their rows (train first),\n" +
        "or one sequence per row of a 2-D float64 .npy file (trailing NaN = padding), and writes the symmetric Gram\n" +
        "matrix of all of them, atomically. A .npy output is streamed (CPU or GPU): tiles go into a memory-mapped file\n" +
        "created at full size and renamed into place at the end, so N is limited by disk, not memory.\n" +
        "--device: auto (default) uses a CUDA GPU when one is present and the Gram is large enough, else the CPU;\n" +
        "gpu fails when there is none; ilgpu-cpu runs the GPU kernel on the CPU (slow; for testing). The GPU runs relu\n" +
        "and erf with up to 8 layers; other configurations run on the CPU (auto) or fail (gpu).\n" +
        "--engine (CPU): auto (default) = simd for relu/erf, else reference. --threads: worker threads (default all\n" +
        "cores); --tile: tile edge (default 64, halved down to 16 while the Gram has fewer than 16 tiles, so that small\n" +
        "Grams use every core); neither changes a bit of the result. --interpolate fills NaN inside a\n" +
        "series linearly instead of failing. --json prints n, T (longest length), layers, device (what ran, e.g.\n" +
        "cpu-simd-512x2, cuda:NVIDIA H200, ilgpu-cpu), seconds, first_seconds, layer_pair_steps_per_s\n" +
        "(N·N·T·L / seconds), sum, trace, k01 = K[0,1], k00 = K[0,0], and for GPU runs gpu_times; with --json, --out may be\n" +
        "omitted. --reps R (timing, without --out) computes the Gram R more times and reports their mean as seconds\n" +
        "(first_seconds includes start-up and, on a GPU, kernel compilation).\n\n" + KernelOptions.Usage;

    public int Run(CliArgs a, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        string? train = a.String("train");
        string? test = a.String("test");
        string? input = a.String("input");
        string? output = a.String("out");
        var kind = (a.String("kernel") ?? "rntk").ToLowerInvariant() switch
        {
            "rntk" or "ntk" => KernelKind.Rntk,
            "nngp" or "gp" => KernelKind.Nngp,
            var k => throw new CliException($"Unknown kernel '{k}': use rntk or nngp."),
        };
        GramDevice device;
        try { device = GramOptions.ParseDevice(a.String("device") ?? "auto"); }
        catch (ArgumentException e) { throw new CliException(e.Message); }
        var cfg = KernelOptions.Parse(a);
        bool json = a.Flag("json"), showProgress = a.Flag("progress");
        int reps = a.Int("reps", 0);
        var missing = a.Flag("interpolate") ? MissingValues.Interpolate : MissingValues.Error;
        var options = GramOptionParsing.Parse(a) with { Device = device };
        a.EnsureAllUsed();
        if (reps < 0) throw new CliException($"--reps must be 0 or more (got {reps}).");
        if (reps > 0 && output is not null) throw new CliException("--reps is for timing: use it with --json and without --out.");
        if ((input is null) == (train is null))
            throw new CliException(input is null ? "Give --train (UCR TSV) or --input (.npy)." : "Give either --train or --input, not both.");
        if (input is not null && test is not null) throw new CliException("--test goes with --train, not with --input.");
        if (output is null && !json) throw new CliException("Option --out is required (or --json to print a summary only).");
        string ext = output is null ? "" : Path.GetExtension(output).ToLowerInvariant();
        if (output is not null && ext is not (".npy" or ".csv"))
            throw new CliException($"--out must end in .npy or .csv (got '{output}').");

        var seqs = new List<Sequence>();
        if (input is not null) seqs = NpySequences.Read(input, missing);
        else
        {
            foreach (var file in test is null ? [train!] : new[] { train!, test })
            {
                var rows = UcrTsvReader.ReadRows(file, missing);
                for (int i = 0; i < rows.Count; i++)
                    seqs.Add(Sequence.Univariate(rows[i].Values, $"{Path.GetFileName(file)}, row {i}"));
            }
        }
        // The GPU engine is a separate assembly; registering it creates no GPU context until a Gram asks for one.
        if (device != GramDevice.Cpu) IlgpuGramEngine.Register();

        IProgress<GramProgress>? progress = null;
        if (showProgress)
        {
            int lastPct = -5;   // so that 0–4 % is shown too (-1 / 5 == 0 / 5 in integer division)
            var gate = new object();
            progress = new SyncProgress<GramProgress>(p =>
            {
                int pct = (int)(p.Fraction * 100);
                lock (gate)
                {
                    if (pct / 5 == lastPct / 5) return;
                    lastPct = pct;
                    stderr.Write($"\rgram: {pct,3}% of {p.PairsTotal} pairs");
                    if (pct == 100) stderr.WriteLine();
                }
            });
        }

        int n = seqs.Count, T = seqs.Max(s => s.Length);
        var prepared = new PreparedSet(cfg, seqs, "input");
        string engine;
        double seconds, sum = double.NaN, trace = double.NaN, k01 = double.NaN, k00;
        double? firstSeconds = null;
        if (ext == ".npy")
        {
            // Streaming, on the CPU or a GPU alike: the N×N result lives only in the memory-mapped file (page cache),
            // never in the heap.
            using var sink = new NpyTileSink(output!, n, n, symmetric: true, kind);
            (engine, var elapsed) = GramEngines.ComputeTo(prepared, null, sink, options, progress, ct);
            seconds = elapsed.TotalSeconds;
            if (json)
            {
                sum = sink.Sum();
                trace = 0;
                for (int i = 0; i < n; i++) trace += sink[i, i];
            }
            if (n > 1) k01 = sink[0, 1];
            k00 = sink[0, 0];
            sink.Commit();
        }
        else
        {
            // In memory (--csv, or --json only: the timed runs of --reps).
            var result = GramEngines.Compute(prepared, null, options, progress, ct);
            double first = result.Elapsed.TotalSeconds, total = 0;
            for (int r = 0; r < reps; r++) total += GramEngines.Compute(prepared, null, options, null, ct).Elapsed.TotalSeconds;
            var m = result.Get(kind);
            if (ext == ".csv") CsvMatrix.Write(output!, m.Data, m.Rows, m.Columns);   // .npy outputs took the streaming branch
            engine = result.Engine;
            seconds = reps > 0 ? total / reps : first;
            firstSeconds = first;
            sum = m.Sum();
            trace = KernelNormalization.Diagonal(m).Sum();
            if (n > 1) k01 = m[0, 1];
            k00 = m[0, 0];
        }
        double throughput = (double)n * n * T * cfg.Layers / seconds;
        if (json)
        {
            bool onGpu = engine == IlgpuGramEngine.IlgpuCpuName || engine.StartsWith("cuda:", StringComparison.Ordinal);
            stdout.WriteLine(Json.Serialize(new Dictionary<string, object?>
            {
                ["n"] = n, ["T"] = T, ["layers"] = cfg.Layers, ["kernel"] = kind == KernelKind.Rntk ? "rntk" : "nngp",
                ["device"] = engine, ["engine"] = engine, ["seconds"] = seconds, ["first_seconds"] = firstSeconds ?? seconds,
                ["reps"] = reps, ["layer_pair_steps_per_s"] = throughput,
                ["sum"] = sum, ["trace"] = trace, ["k01"] = k01, ["k00"] = k00, ["out"] = output,
                ["config"] = KernelOptions.Describe(cfg),
                // Where a GPU run's time went (last run): waiting for the device, copies back, host filing/mirroring.
                ["gpu_times"] = onGpu && IlgpuGramEngine.Shared.LastTimes is { } gt
                    ? new Dictionary<string, object?>
                    {
                        ["total"] = gt.Total, ["device"] = gt.Device, ["copy_back"] = gt.CopyBack, ["host"] = gt.Host, ["bands"] = gt.Bands,
                        ["page_locked"] = gt.PageLocked, ["page_lock_failure"] = gt.PageLockFailure,
                    }
                    : null,
            }));
        }
        else
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n}×{n} {kind} Gram (T ≤ {T}, {cfg}) on {engine} in {seconds:F3} s ({throughput:E3} layer-pair-steps/s) → {output ?? "(not written)"}"));
        }
        return 0;
    }
}

/// <summary>--engine, --threads and --tile, shared by the commands that compute Grams.</summary>
internal static class GramOptionParsing
{
    public static GramOptions Parse(CliArgs a)
    {
        var engine = (a.String("engine") ?? "auto").ToLowerInvariant() switch
        {
            "auto" => GramEngineKind.Auto,
            "simd" => GramEngineKind.Simd,
            "reference" or "ref" => GramEngineKind.Reference,
            var e => throw new CliException($"Unknown engine '{e}': use auto, simd or reference."),
        };
        int? threads = a.Has("threads") ? a.Int("threads", 0) : null;
        if (threads is < 1) throw new CliException($"--threads must be at least 1 (got {threads}).");
        int? tile = a.Has("tile") ? a.Int("tile", 0) : null;
        if (tile is < 1 or > GramTiling.MaxTileSize) throw new CliException($"--tile must be between 1 and {GramTiling.MaxTileSize} (got {tile}).");
        return new GramOptions { Engine = engine, MaxDegreeOfParallelism = threads, TileSize = tile };
    }
}

/// <summary>An IProgress that calls back on the reporting thread (Progress&lt;T&gt; would post to a thread pool and lag).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
