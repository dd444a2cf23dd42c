using Rntk.Data;
using Rntk.Gram;
using Rntk.Kernels;

namespace Rntk.Networks;

/// <summary>Single-network errors at one width.</summary>
/// <param name="Width">The width n of these networks.</param>
/// <param name="RntkErrors">‖Θ̂_k − Θ‖_F / ‖Θ‖_F of each network k.</param>
/// <param name="NngpErrors">The same for the NNGP.</param>
/// <param name="MeanGramRntkError">Relative error of the RNTK Gram averaged over the networks (shrinks with more networks, unlike the others).</param>
/// <param name="MeanGramNngpError">The same for the NNGP.</param>
public sealed record ConvergencePoint(
    int Width, IReadOnlyList<double> RntkErrors, IReadOnlyList<double> NngpErrors, double MeanGramRntkError, double MeanGramNngpError)
{
    public double MeanRntkError => RntkErrors.Average();
    public double MeanNngpError => NngpErrors.Average();
    /// <summary>Sample standard deviation over networks (0 for one network).</summary>
    public double StdRntkError => Std(RntkErrors);
    public double StdNngpError => Std(NngpErrors);

    internal static double Std(IReadOnlyList<double> x)
    {
        if (x.Count < 2) return 0;
        double mean = x.Average();
        return Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Count - 1));
    }
}

/// <summary>The outcome of <see cref="ConvergenceStudy.Run"/>.</summary>
/// <param name="Config">The kernel (and network) configuration.</param>
/// <param name="Analytic">The analytic Grams the networks are compared with.</param>
/// <param name="Points">One entry per width, narrowest first.</param>
/// <param name="SlopeRntk">Least-squares slope of log(mean single-network RNTK error) against log(width); theory ≈ −1/2. NaN with one width.</param>
/// <param name="SlopeNngp">The same for the NNGP.</param>
/// <param name="Seed">The run's seed (network k of width n: <see cref="MonteCarlo.NetworkSeed"/>).</param>
public sealed record ConvergenceResult(
    KernelConfig Config, GramResult Analytic, IReadOnlyList<ConvergencePoint> Points, double SlopeRntk, double SlopeNngp, long Seed);

/// <summary>
/// How fast single finite networks approach the analytic kernels: for each width, the relative Frobenius error of
/// each of several independent networks' empirical Grams against the analytic Gram, and the fitted log–log slope.
/// Fluctuations of a width-n network are O(n^{-1/2}) (docs/math.md §8), so the slope should be near −1/2.
/// </summary>
public static class ConvergenceStudy
{
    public static ConvergenceResult Run(
        KernelConfig config, IReadOnlyList<Sequence> set, IReadOnlyList<int> widths, int networks, long seed,
        MonteCarloOptions? options = null, IProgress<MonteCarloProgress>? progress = null, CancellationToken ct = default)
    {
        int m = MonteCarlo.Check(config, set, widths, networks);
        if (widths.Distinct().Count() != widths.Count) throw new ArgumentException("Widths must be distinct.");
        var analytic = new RntkKernel(config).Gram(set, new GramOptions { MaxDegreeOfParallelism = options?.MaxDegreeOfParallelism }, null, ct);

        // One task per (width, network), widest first so the long tasks do not trail at the end.
        var tasks = widths.SelectMany((w, wi) => Enumerable.Range(0, networks).Select(k => (Wi: wi, K: k)))
            .OrderByDescending(t => widths[t.Wi]).ToArray();
        var grams = new EmpiricalGram[widths.Count][];
        for (int i = 0; i < widths.Count; i++) grams[i] = new EmpiricalGram[networks];
        int done = 0;
        Parallel.For(0, tasks.Length, MonteCarlo.ParallelOptions(options, ct), i =>
        {
            var (wi, k) = tasks[i];
            grams[wi][k] = MonteCarlo.Sample(config, set, m, widths[wi], seed, k, ct);
            progress?.Report(new MonteCarloProgress(Interlocked.Increment(ref done), tasks.Length));
        });

        var points = new ConvergencePoint[widths.Count];
        for (int wi = 0; wi < widths.Count; wi++)
        {
            var mc = MonteCarlo.Summarise(widths[wi], seed, grams[wi]);
            points[wi] = new ConvergencePoint(
                widths[wi],
                grams[wi].Select(g => MonteCarlo.RelativeError(g.Rntk, analytic.Rntk)).ToArray(),
                grams[wi].Select(g => MonteCarlo.RelativeError(g.Nngp, analytic.Nngp)).ToArray(),
                MonteCarlo.RelativeError(mc.MeanRntk, analytic.Rntk),
                MonteCarlo.RelativeError(mc.MeanNngp, analytic.Nngp));
        }
        var ordered = points.OrderBy(p => p.Width).ToArray();
        return new ConvergenceResult(
            config, analytic, ordered,
            LogLogSlope(ordered.Select(p => (double)p.Width), ordered.Select(p => p.MeanRntkError)),
            LogLogSlope(ordered.Select(p => (double)p.Width), ordered.Select(p => p.MeanNngpError)),
            seed);
    }

    /// <summary>Least-squares slope of log y against log x; NaN with fewer than two points.</summary>
    public static double LogLogSlope(IEnumerable<double> x, IEnumerable<double> y)
    {
        var lx = x.Select(v => Math.Log(v)).ToArray();
        var ly = y.Select(v => Math.Log(v)).ToArray();
        if (lx.Length != ly.Length) throw new ArgumentException("x and y differ in length.");
        if (lx.Length < 2) return double.NaN;
        // MathNet's simple linear regression: (intercept, slope).
        return MathNet.Numerics.Fit.Line(lx, ly).B;
    }
}
