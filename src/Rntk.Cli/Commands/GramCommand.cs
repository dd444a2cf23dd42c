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
        "                 --out K.npy|K.csv [--progress] [--interpolate] [--json]\n\n" +
        "Reads UCR TSV files (label first, tab separated, trailing NaN = padding), stacks their rows (train first)\n" +
        "and writes the symmetric Gram matrix of all of them, atomically. --interpolate fills NaN inside a series\n" +
        "linearly instead of failing. --json prints n, T (longest length), layers, seconds, layer_pair_steps_per_s\n" +
        "(N·N·T·L / seconds), sum, k01 = K[0,1], k00 = K[0,0].\n\n" + KernelOptions.Usage;

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

        var result = new RntkKernel(cfg).Gram(seqs, GramOptions.Default, progress, ct);
        var m = result.Get(kind);
        if (ext == ".npy") NpyFile.Write(output, m.Data, m.Rows, m.Columns);
        else CsvMatrix.Write(output, m.Data, m.Rows, m.Columns);

        int n = seqs.Count, T = seqs.Max(s => s.Length);
        double seconds = result.Elapsed.TotalSeconds;
        double throughput = (double)n * n * T * cfg.Layers / seconds;
        if (json)
        {
            stdout.WriteLine(Json.Serialize(new Dictionary<string, object>
            {
                ["n"] = n, ["T"] = T, ["layers"] = cfg.Layers, ["kernel"] = kind == KernelKind.Rntk ? "rntk" : "nngp",
                ["engine"] = result.Engine, ["seconds"] = seconds, ["layer_pair_steps_per_s"] = throughput,
                ["sum"] = m.Sum(), ["k01"] = n > 1 ? m[0, 1] : double.NaN, ["k00"] = m[0, 0], ["out"] = output,
                ["config"] = KernelOptions.Describe(cfg),
            }));
        }
        else
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n}×{n} {kind} Gram (T ≤ {T}, {cfg}) in {seconds:F3} s ({throughput:E3} layer-pair-steps/s) → {output}"));
        }
        return 0;
    }
}

/// <summary>An IProgress that calls back on the reporting thread (Progress&lt;T&gt; would post to a thread pool and lag).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
