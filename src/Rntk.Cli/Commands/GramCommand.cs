using System.Globalization;
using Rntk.Data;
using Rntk.Gram;
using Rntk.IO;
using Rntk.Kernels;

namespace Rntk.Cli.Commands;

/// <summary>`rntk gram`: the Gram matrix of the rows of UCR TSV files, written as .npy or .csv.</summary>
public sealed class GramCommand : ICommand
{
    public string Name => "gram";
    public string Summary => "Gram matrix of UCR TSV files (train rows, then test rows) to .npy or .csv";
    public IReadOnlyCollection<string> Flags => [.. KernelOptions.Flags, "json", "progress", "interpolate"];
    public string Usage =>
        "Usage: rntk gram --train A_TRAIN.tsv [--test A_TEST.tsv] [kernel options] [--kernel rntk|nngp]\n" +
        "                 --out K.npy|K.csv [--engine auto|simd|reference] [--threads K] [--tile S]\n" +
        "                 [--progress] [--interpolate] [--json]\n\n" +
        "Reads UCR TSV files (label first, tab separated, trailing NaN = padding), stacks their rows (train first)\n" +
        "and writes the symmetric Gram matrix of all of them, atomically. A .npy output is streamed: tiles go into a\n" +
        "memory-mapped file created at full size and renamed into place at the end, so N is limited by disk, not\n" +
        "memory. --engine: auto (default) = simd for relu/erf, else reference. --threads: worker threads (default all\n" +
        "cores); --tile: tile edge (default 64); neither changes a bit of the result. --interpolate fills NaN inside a\n" +
        "series linearly instead of failing. --json prints n, T (longest length), layers, engine, seconds,\n" +
        "layer_pair_steps_per_s (N·N·T·L / seconds), sum, k01 = K[0,1], k00 = K[0,0].\n\n" + KernelOptions.Usage;

    public int Run(CliArgs a, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        string train = a.Required("train");
        string? test = a.String("test");
        string output = a.Required("out");
        var kind = (a.String("kernel") ?? "rntk").ToLowerInvariant() switch
        {
            "rntk" or "ntk" => KernelKind.Rntk,
            "nngp" or "gp" => KernelKind.Nngp,
            var k => throw new CliException($"Unknown kernel '{k}': use rntk or nngp."),
        };
        var cfg = KernelOptions.Parse(a);
        bool json = a.Flag("json"), showProgress = a.Flag("progress");
        var missing = a.Flag("interpolate") ? MissingValues.Interpolate : MissingValues.Error;
        var options = GramOptionParsing.Parse(a);
        a.EnsureAllUsed();
        string ext = Path.GetExtension(output).ToLowerInvariant();
        if (ext is not (".npy" or ".csv")) throw new CliException($"--out must end in .npy or .csv (got '{output}').");

        var seqs = new List<Sequence>();
        foreach (var file in test is null ? [train] : new[] { train, test })
        {
            var rows = UcrTsvReader.ReadRows(file, missing);
            for (int i = 0; i < rows.Count; i++)
                seqs.Add(Sequence.Univariate(rows[i].Values, $"{Path.GetFileName(file)}, row {i}"));
        }

        IProgress<GramProgress>? progress = null;
        if (showProgress)
        {
            int lastPct = -1;
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
        string engine;
        double seconds, sum = double.NaN, k01 = double.NaN, k00;
        if (ext == ".npy")
        {
            // Streaming: the N×N result lives only in the memory-mapped file (page cache), never in the heap.
            var prepared = new PreparedSet(cfg, seqs, "input");
            using var sink = new NpyTileSink(output, n, n, symmetric: true, kind);
            (engine, var elapsed) = GramEngines.ComputeTo(prepared, null, sink, options, progress, ct);
            seconds = elapsed.TotalSeconds;
            if (json) sum = sink.Sum();
            if (n > 1) k01 = sink[0, 1];
            k00 = sink[0, 0];
            sink.Commit();
        }
        else
        {
            var result = new RntkKernel(cfg).Gram(seqs, options, progress, ct);
            var m = result.Get(kind);
            CsvMatrix.Write(output, m.Data, m.Rows, m.Columns);
            engine = result.Engine;
            seconds = result.Elapsed.TotalSeconds;
            sum = m.Sum();
            if (n > 1) k01 = m[0, 1];
            k00 = m[0, 0];
        }
        double throughput = (double)n * n * T * cfg.Layers / seconds;
        if (json)
        {
            stdout.WriteLine(Json.Serialize(new Dictionary<string, object>
            {
                ["n"] = n, ["T"] = T, ["layers"] = cfg.Layers, ["kernel"] = kind == KernelKind.Rntk ? "rntk" : "nngp",
                ["engine"] = engine, ["seconds"] = seconds, ["layer_pair_steps_per_s"] = throughput,
                ["sum"] = sum, ["k01"] = k01, ["k00"] = k00, ["out"] = output,
                ["config"] = KernelOptions.Describe(cfg),
            }));
        }
        else
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n}×{n} {kind} Gram (T ≤ {T}, {cfg}) by {engine} in {seconds:F3} s ({throughput:E3} layer-pair-steps/s) → {output}"));
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
        if (tile is < 1) throw new CliException($"--tile must be at least 1 (got {tile}).");
        return new GramOptions { Engine = engine, MaxDegreeOfParallelism = threads, TileSize = tile };
    }
}

/// <summary>An IProgress that calls back on the reporting thread (Progress&lt;T&gt; would post to a thread pool and lag).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
