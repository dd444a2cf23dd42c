using Rntk.Data;
using Rntk.Gram;
using Rntk.Kernels;

namespace Rntk.Networks;

/// <summary>How Monte Carlo work runs (never what it returns: results do not depend on the thread count).</summary>
public sealed record MonteCarloOptions
{
    /// <summary>Networks simulated at once; null = all cores.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    public static MonteCarloOptions Default { get; } = new();
}

/// <summary>Progress of a Monte Carlo run: networks simulated out of the total.</summary>
public readonly record struct MonteCarloProgress(int NetworksDone, int NetworksTotal)
{
    public double Fraction => NetworksTotal == 0 ? 1 : (double)NetworksDone / NetworksTotal;
}

/// <summary>Empirical Grams of independent networks of one width, their mean and its standard error.</summary>
/// <param name="Width">The width n of every network.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Samples">Network k's Grams; network k is <see cref="MonteCarlo.NetworkSeed"/>(seed, width, k).</param>
/// <param name="MeanRntk">The entrywise mean of the empirical RNTK Grams.</param>
/// <param name="MeanNngp">The entrywise mean of the empirical NNGP Grams.</param>
/// <param name="StdErrRntk">Entrywise standard error of <paramref name="MeanRntk"/> (sample sd / √networks; 0 for one network).</param>
/// <param name="StdErrNngp">The same for <paramref name="MeanNngp"/>.</param>
public sealed record MonteCarloResult(
    int Width, long Seed, IReadOnlyList<EmpiricalGram> Samples,
    KernelMatrix MeanRntk, KernelMatrix MeanNngp, KernelMatrix StdErrRntk, KernelMatrix StdErrNngp)
{
    public int Networks => Samples.Count;
    public KernelMatrix Mean(KernelKind kind) => kind == KernelKind.Rntk ? MeanRntk : MeanNngp;
    public KernelMatrix StdErr(KernelKind kind) => kind == KernelKind.Rntk ? StdErrRntk : StdErrNngp;
}

/// <summary>Monte Carlo over random networks: the finite-width side of every analytic kernel (docs/math.md §8).</summary>
/// <example>
/// <code>
/// var cfg = new KernelConfig(layers: 2, activation: Activation.Erf, sigmaH: 0.5);
/// MonteCarloResult mc = MonteCarlo.Average(cfg, set, width: 1024, networks: 32, seed: 1);
/// double err = MonteCarlo.RelativeError(mc.MeanRntk, new RntkKernel(cfg).Gram(set).Rntk);
/// </code>
/// </example>
public static class MonteCarlo
{
    /// <summary>The seed of network <paramref name="index"/> of width <paramref name="width"/> in a run seeded <paramref name="seed"/>.</summary>
    public static long NetworkSeed(long seed, int width, int index) => Seeds.Derive(seed, width, index);

    /// <summary>Samples <paramref name="networks"/> networks of width <paramref name="width"/> and averages their empirical Grams.</summary>
    public static MonteCarloResult Average(
        KernelConfig config, IReadOnlyList<Sequence> set, int width, int networks, long seed,
        MonteCarloOptions? options = null, IProgress<MonteCarloProgress>? progress = null, CancellationToken ct = default)
    {
        int m = Check(config, set, [width], networks);
        var samples = new EmpiricalGram[networks];
        int done = 0;
        Parallel.For(0, networks, ParallelOptions(options, ct), k =>
        {
            samples[k] = Sample(config, set, m, width, seed, k, ct);
            progress?.Report(new MonteCarloProgress(Interlocked.Increment(ref done), networks));
        });
        return Summarise(width, seed, samples);
    }

    /// <summary>‖estimate − reference‖_F / ‖reference‖_F.</summary>
    public static double RelativeError(KernelMatrix estimate, KernelMatrix reference)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        ArgumentNullException.ThrowIfNull(reference);
        if (estimate.Rows != reference.Rows || estimate.Columns != reference.Columns)
            throw new ArgumentException($"Shapes differ: {estimate.Rows}×{estimate.Columns} vs {reference.Rows}×{reference.Columns}.");
        double num = 0, den = 0;
        for (int i = 0; i < reference.Data.Length; i++)
        {
            double d = estimate.Data[i] - reference.Data[i];
            num += d * d;
            den += reference.Data[i] * reference.Data[i];
        }
        if (!(den > 0))
            throw new ArgumentException("The reference Gram is zero (all σ's zero or all-zero inputs?): a relative error is undefined.");
        return Math.Sqrt(num / den);
    }

    /// <summary>Network k of a run: sampled from its own seed, so any thread may build it.</summary>
    internal static EmpiricalGram Sample(KernelConfig config, IReadOnlyList<Sequence> set, int channels, int width, long seed, int k, CancellationToken ct)
    {
        var net = RecurrentNetwork.Sample(config, width, channels, NetworkSeed(seed, width, k));
        return EmpiricalKernel.Gram(net, set, ct);
    }

    internal static MonteCarloResult Summarise(int width, long seed, EmpiricalGram[] samples)
    {
        var (mr, sr) = MeanAndStdErr(samples, KernelKind.Rntk);
        var (mn, sn) = MeanAndStdErr(samples, KernelKind.Nngp);
        return new MonteCarloResult(width, seed, samples, mr, mn, sr, sn);
    }

    // Sums in network order: the same numbers whatever order the threads finished in.
    private static (KernelMatrix Mean, KernelMatrix StdErr) MeanAndStdErr(EmpiricalGram[] samples, KernelKind kind)
    {
        int K = samples.Length, rows = samples[0].Rntk.Rows, cols = samples[0].Rntk.Columns;
        var mean = new KernelMatrix(rows, cols);
        var se = new KernelMatrix(rows, cols);
        foreach (var s in samples)
        {
            var d = s.Get(kind).Data;
            for (int i = 0; i < d.Length; i++) mean.Data[i] += d[i];
        }
        for (int i = 0; i < mean.Data.Length; i++) mean.Data[i] /= K;
        if (K > 1)
        {
            foreach (var s in samples)
            {
                var d = s.Get(kind).Data;
                for (int i = 0; i < d.Length; i++) se.Data[i] += (d[i] - mean.Data[i]) * (d[i] - mean.Data[i]);
            }
            for (int i = 0; i < se.Data.Length; i++) se.Data[i] = Math.Sqrt(se.Data[i] / (K - 1) / K);
        }
        return (mean, se);
    }

    internal static ParallelOptions ParallelOptions(MonteCarloOptions? options, CancellationToken ct)
    {
        int? dop = (options ?? MonteCarloOptions.Default).MaxDegreeOfParallelism;
        if (dop is < 1) throw new ArgumentException($"MaxDegreeOfParallelism must be at least 1 (got {dop}).");
        return new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = dop ?? -1 };
    }

    internal static int Check(KernelConfig config, IReadOnlyList<Sequence> set, IReadOnlyList<int> widths, int networks)
    {
        ArgumentNullException.ThrowIfNull(config);
        int m = SequenceSet.ValidateChannels(set, "input");
        if (networks < 1) throw new ArgumentOutOfRangeException(nameof(networks), networks, "At least one network is needed.");
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Count == 0) throw new ArgumentException("No widths given.");
        foreach (int w in widths)
            if (w < 1) throw new ArgumentOutOfRangeException(nameof(widths), w, $"Every width must be at least 1 (got {w}).");
        return m;
    }
}
