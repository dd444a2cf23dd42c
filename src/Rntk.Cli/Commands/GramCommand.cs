using System.Globalization;
using Rntk.Data;
using Rntk.Gpu;
using Rntk.Gram;
using Rntk.IO;
using Rntk.Kernels;

namespace Rntk.Cli.Commands;

/// <summary>`rntk gram`: the Gram matrix of the rows of UCR TSV files or a .npy array, written as .npy or .csv.</summary>
public sealed class GramCommand : ICommand
{
    public string Name => "gram";
    public string Summary => "Gram matrix of UCR TSV files or an N×T .npy array, on the CPU or a GPU, to .npy or .csv";
    public IReadOnlyCollection<string> Flags => [.. KernelOptions.Flags, "json", "progress", "interpolate"];
    public string Usage =>
        "Usage: rntk gram (--train A_TRAIN.tsv [--test A_TEST.tsv] | --input X.npy) [kernel options]\n" +
        "                 [--kernel rntk|nngp] [--device auto|cpu|gpu|ilgpu-cpu] [--out K.npy|K.csv]\n" +
        "                 [--progress] [--interpolate] [--json] [--reps R]\n\n" +
        "Reads UCR TSV files (label first, tab separated, trailing NaN = padding) and stacks their rows (train first),\n" +
        "or one sequence per row of a 2-D float64 .npy file (trailing NaN = padding), and writes the symmetric Gram\n" +
        "matrix of all of them, atomically. --interpolate fills NaN inside a series linearly instead of failing.\n" +
        "--device: auto (default) uses a CUDA GPU when one is present and the Gram is large enough, else the CPU;\n" +
        "gpu fails when there is none; ilgpu-cpu runs the GPU kernel on the CPU (slow; for testing). The GPU runs\n" +
        "relu and erf with up to 8 layers; other configurations run on the CPU (auto) or fail (gpu).\n" +
        "--json prints n, T (longest length), layers, device (what ran, e.g. cpu-reference, cuda:NVIDIA H200),\n" +
        "seconds, first_seconds, layer_pair_steps_per_s (N·N·T·L / seconds), sum, k01 = K[0,1], k00 = K[0,0];\n" +
        "with --json, --out may be omitted (nothing written). --reps R computes the Gram R more times after the\n" +
        "first and reports their mean as seconds (first_seconds includes start-up and kernel compilation).\n\n" +
        KernelOptions.Usage;

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
        a.EnsureAllUsed();
        if (reps < 0) throw new CliException($"--reps must be 0 or more (got {reps}).");
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

        var kernel = new RntkKernel(cfg);
        var options = GramOptions.Default with { Device = device };
        var result = kernel.Gram(seqs, options, progress, ct);
        double firstSeconds = result.Elapsed.TotalSeconds, seconds = firstSeconds;
        if (reps > 0)
        {
            double sum = 0;
            for (int r = 0; r < reps; r++)
            {
                result = kernel.Gram(seqs, options, null, ct);
                sum += result.Elapsed.TotalSeconds;
            }
            seconds = sum / reps;
        }
        var m = result.Get(kind);
        if (ext == ".npy") NpyFile.Write(output!, m.Data, m.Rows, m.Columns);
        else if (ext == ".csv") CsvMatrix.Write(output!, m.Data, m.Rows, m.Columns);

        int n = seqs.Count, T = seqs.Max(s => s.Length);
        double throughput = (double)n * n * T * cfg.Layers / seconds;
        if (json)
        {
            stdout.WriteLine(Json.Serialize(new Dictionary<string, object?>
            {
                ["n"] = n, ["T"] = T, ["layers"] = cfg.Layers, ["kernel"] = kind == KernelKind.Rntk ? "rntk" : "nngp",
                ["device"] = result.Engine, ["engine"] = result.Engine, ["seconds"] = seconds, ["first_seconds"] = firstSeconds,
                ["reps"] = reps, ["layer_pair_steps_per_s"] = throughput,
                ["sum"] = m.Sum(), ["k01"] = n > 1 ? m[0, 1] : double.NaN, ["k00"] = m[0, 0], ["out"] = output,
                ["config"] = KernelOptions.Describe(cfg),
                // Where a GPU run's time went (last rep): device, copies back, host scatter/mirror.
                ["gpu_times"] = (result.Engine == IlgpuGramEngine.IlgpuCpuName || result.Engine.StartsWith("cuda:", StringComparison.Ordinal))
                    && IlgpuGramEngine.Shared.LastTimes is { } gt
                    ? new Dictionary<string, object>
                    {
                        ["total"] = gt.Total, ["device"] = gt.Device, ["copy_back"] = gt.CopyBack, ["host"] = gt.Host, ["bands"] = gt.Bands,
                    }
                    : null,
            }));
        }
        else
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n}×{n} {kind} Gram (T ≤ {T}, {cfg}) on {result.Engine} in {seconds:F3} s ({throughput:E3} layer-pair-steps/s) → {output ?? "(not written)"}"));
        }
        return 0;
    }
}

/// <summary>An IProgress that calls back on the reporting thread (Progress&lt;T&gt; would post to a thread pool and lag).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
