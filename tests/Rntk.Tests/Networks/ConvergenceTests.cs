using Rntk.Kernels;
using Rntk.Networks;

namespace Rntk.Tests.Networks;

/// <summary>Single finite networks approach the analytic kernel like n^{-1/2} (docs/math.md §8).</summary>
public class ConvergenceTests
{
    /// <summary>
    /// ReLU, L = 1, five sequences of length 5, widths 64…1024, 48 networks per width. Measured over 12 other seeds
    /// (2000–2011): slope of the RNTK error mean −0.510, range [−0.558, −0.481]; NNGP mean −0.505, range
    /// [−0.543, −0.469] (sd ≈ 0.02). The bounds [−0.65, −0.35] are about 7 sd from the mean; a kernel with a
    /// wrong scale would instead give a slope near 0 (the error would level off at the scale mismatch).
    /// About 1 s of CPU.
    /// </summary>
    [Fact]
    public void ErrorShrinksLikeOneOverSquareRootOfWidth()
    {
        var cfg = new KernelConfig(1, 1.2, 0.8, 0.3, 0.5, 1.0, Activation.Relu);
        var set = MonteCarloTests.Set([5, 5, 5, 5, 5], 1, 11);
        var study = ConvergenceStudy.Run(cfg, set, [64, 128, 256, 512, 1024], 48, 7);
        Assert.InRange(study.SlopeRntk, -0.65, -0.35);
        Assert.InRange(study.SlopeNngp, -0.65, -0.35);
        // The errors themselves fall monotonically with width (each mean is over 48 networks; the measured
        // ratio between neighbouring widths is 0.65–0.8, its spread a few percent).
        for (int i = 1; i < study.Points.Count; i++)
        {
            Assert.True(study.Points[i].MeanRntkError < study.Points[i - 1].MeanRntkError,
                $"RNTK error did not fall from width {study.Points[i - 1].Width} to {study.Points[i].Width}");
        }
        // Averaging the 48 networks' Grams leaves a much smaller error than any single one at the widest width.
        var widest = study.Points[^1];
        Assert.True(widest.MeanGramRntkError < 0.5 * widest.MeanRntkError);
    }
}
