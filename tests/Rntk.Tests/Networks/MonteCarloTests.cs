using Rntk.Data;
using Rntk.Gram;
using Rntk.Kernels;
using Rntk.Networks;

namespace Rntk.Tests.Networks;

/// <summary>
/// Every analytic kernel against the average empirical kernel of many random finite networks (docs/math.md §8):
/// ‖mean_k K̂_k − K‖_F / ‖K‖_F over a set of 5 sequences, for the RNTK and the NNGP, at width 1024 with 200
/// networks (peers: ≤ 0.041 at width 1024 with 100 samples).
/// </summary>
/// <remarks>
/// <para>How the tolerances were set: each case was run with 8 other seeds (1000–1007, never the test's seed), and
/// the tolerance is about 1.5× the largest error seen for that case, rounded up (the measured mean and maximum are
/// quoted per case). The error has two parts: the Monte Carlo spread, ≈ c/√(n·networks) with c ≈ 3–5, and the
/// O(1/n) finite-width bias of the mean, ≈ 0.005 for ReLU L = 2 at n = 1024 (measured: 0.073 at n = 128 and 0.029 at
/// n = 256 with 1024 networks).</para>
/// <para>Where a case exists to tell two models apart (initial-state models, average pooling, bidirectional), the
/// test also checks that the same simulation is far from the other model's kernel, so the tolerance really
/// discriminates.</para>
/// <para>Cost: about 2–6 s of CPU per case on one core at L = 1, 3× that at L = 2 (sampling the n² weights and the
/// forward/backward sweeps dominate).</para>
/// </remarks>
public class MonteCarloTests
{
    private const int Width = 1024, Networks = 200;
    private const long Seed = 1;

    /// <summary>Sequences of the given lengths and m channels, N(0, 1) values, sequence i from stream (seed, i).</summary>
    internal static List<Sequence> Set(int[] lengths, int m, long seed) =>
        [.. lengths.Select((T, i) => RandomInputs.Gaussian(1, T, m, Seeds.Derive(seed, i))[0])];

    private static MonteCarloResult AssertAgrees(KernelConfig cfg, List<Sequence> set, double tol)
    {
        var analytic = new RntkKernel(cfg).Gram(set);
        var mc = MonteCarlo.Average(cfg, set, Width, Networks, Seed);
        double er = MonteCarlo.RelativeError(mc.MeanRntk, analytic.Rntk);
        double en = MonteCarlo.RelativeError(mc.MeanNngp, analytic.Nngp);
        Assert.True(er <= tol, $"RNTK: Monte Carlo vs analytic relative error {er:F4} > {tol}");
        Assert.True(en <= tol, $"NNGP: Monte Carlo vs analytic relative error {en:F4} > {tol}");
        return mc;
    }

    /// <summary>The simulation is at least <paramref name="factor"/>× the tolerance away from a wrong kernel.</summary>
    private static void AssertFarFrom(MonteCarloResult mc, GramResult wrong, double tol, double factor, string what)
    {
        double er = MonteCarlo.RelativeError(mc.MeanRntk, wrong.Rntk);
        double en = MonteCarlo.RelativeError(mc.MeanNngp, wrong.Nngp);
        Assert.True(er > factor * tol && en > factor * tol,
            $"The simulation cannot tell the {what} kernel apart: errors {er:F4} (RNTK), {en:F4} (NNGP) ≤ {factor}×{tol}");
    }

    // 8 seeds: RNTK mean 0.0144, max 0.0306; NNGP mean 0.0126, max 0.0289 (heavy-tailed: one seed in 8 near 0.03).
    [Fact]
    public void ReluOneLayer() =>
        AssertAgrees(new KernelConfig(1, 1.2, 0.8, 0.3, 0.5, 1.0, Activation.Relu), Set([5, 5, 5, 5, 5], 1, 1), tol: TolRelu1);

    // 8 seeds: RNTK mean 0.0103, max 0.0164; NNGP mean 0.0133, max 0.0226.
    [Fact]
    public void ReluTwoLayers() =>
        AssertAgrees(new KernelConfig(2, 1.2, 0.8, 0.3, 0.5, 1.0, Activation.Relu), Set([5, 5, 5, 5, 5], 1, 2), tol: TolRelu2);

    // 8 seeds: RNTK mean 0.0063, max 0.0075; NNGP mean 0.0039, max 0.0050.
    [Fact]
    public void ErfTwoLayers() =>
        AssertAgrees(new KernelConfig(2, 1.1, 1.3, 0.2, 0.7, 1.5, Activation.Erf), Set([5, 5, 5, 5, 5], 1, 3), tol: TolErf2);

    /// <summary>tanh has no closed-form dual: the analytic side is the quadrature path.</summary>
    // 8 seeds: RNTK mean 0.0043, max 0.0057; NNGP mean 0.0035, max 0.0046.
    [Fact]
    public void TanhOneLayerThroughQuadrature() =>
        AssertAgrees(new KernelConfig(1, 1.2, 1.0, 0.2, 0.5, 1.0, Activation.Tanh), Set([5, 5, 5, 5, 5], 1, 4), tol: TolTanh1);

    /// <summary>Lengths 2 to 7 (end-aligned in the kernel, each from its own h0 in the network) and m = 2 channels.</summary>
    // 8 seeds: RNTK mean 0.0122, max 0.0209; NNGP mean 0.0122, max 0.0227.
    [Fact]
    public void MixedLengthsTwoChannels() =>
        AssertAgrees(new KernelConfig(2, 1.3, 1.0, 0.1, 0.2, 1.0, Activation.Relu), Set([2, 7, 4, 3, 6], 2, 5), tol: TolMixed);

    /// <summary>
    /// Equal lengths and a large σh, so the initial state matters: a network that draws h0 per input matches the
    /// independent kernel and not the shared one, and the other way round.
    /// </summary>
    // 8 seeds, independent: RNTK mean 0.0077, max 0.0118; NNGP mean 0.0094, max 0.0127.
    // Shared: RNTK mean 0.0064, max 0.0123; NNGP mean 0.0082, max 0.0148. Distance to the other model's kernel:
    // 0.28–0.35 (RNTK), 0.13–0.18 (NNGP), so 4× the tolerance (0.088) still separates them.
    [Theory]
    [InlineData(InitialState.Independent, InitialState.Shared)]
    [InlineData(InitialState.Shared, InitialState.Independent)]
    public void InitialStateModels(InitialState model, InitialState other)
    {
        var cfg = new KernelConfig(1, 1.2, 0.8, 0.1, 1.0, 1.0, Activation.Relu, initialState: model);
        var set = Set([3, 3, 3, 3, 3], 1, 6);
        var mc = AssertAgrees(cfg, set, TolInitialState);
        AssertFarFrom(mc, new RntkKernel(cfg.With(initialState: other)).Gram(set), TolInitialState, 4, $"{other} h0");
    }

    /// <summary>Average pooling with mixed lengths (every cell of the T×T′ grid); the last-step kernel is far away.</summary>
    // 8 seeds: RNTK mean 0.0070, max 0.0165; NNGP mean 0.0066, max 0.0156. Distance to last-step: 0.74 / 0.62.
    [Fact]
    public void AveragePooling()
    {
        var cfg = new KernelConfig(1, 1.2, 0.8, 0.3, 0.5, 1.0, Activation.Relu, Readout.AveragePooling);
        var set = Set([3, 6, 4, 5, 2], 1, 7);
        var mc = AssertAgrees(cfg, set, TolAverage);
        AssertFarFrom(mc, new RntkKernel(cfg.With(readout: Readout.LastStep)).Gram(set), TolAverage, 4, "last-step");
    }

    /// <summary>
    /// Bidirectional with mixed lengths: the reversed RNN aligns the sequences at their starts. Twice the forward
    /// kernel (both directions aligned at the ends, the natural mistake) is far from the simulation.
    /// </summary>
    // 8 seeds: RNTK mean 0.0074, max 0.0149; NNGP mean 0.0075, max 0.0180. Distance to twice-forward: 0.147–0.151 / 0.128–0.132.
    [Fact]
    public void Bidirectional()
    {
        var cfg = new KernelConfig(1, 1.2, 0.8, 0.3, 0.5, 1.0, Activation.Relu, direction: Direction.Bidirectional);
        var set = Set([3, 6, 4, 5, 2], 1, 8);
        var mc = AssertAgrees(cfg, set, TolBidirectional);
        var fwd = new RntkKernel(cfg.With(direction: Direction.Forward)).Gram(set);
        var twice = new GramResult(Scaled(fwd.Rntk, 2), Scaled(fwd.Nngp, 2), "2×forward", TimeSpan.Zero);
        AssertFarFrom(mc, twice, TolBidirectional, 4, "twice-forward");
    }

    private static KernelMatrix Scaled(KernelMatrix k, double s) => new(k.Rows, k.Columns, k.Data.Select(v => s * v).ToArray());

    // ≈ 1.5 × the largest error measured for the case (see each test).
    private const double TolRelu1 = 0.045, TolRelu2 = 0.035, TolErf2 = 0.012, TolTanh1 = 0.009, TolMixed = 0.035,
        TolInitialState = 0.022, TolAverage = 0.025, TolBidirectional = 0.027;
}
