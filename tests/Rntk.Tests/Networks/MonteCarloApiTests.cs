using Rntk.Gram;
using Rntk.Kernels;
using Rntk.Networks;

namespace Rntk.Tests.Networks;

/// <summary>The bookkeeping of Monte Carlo runs and convergence studies (the statistics are in MonteCarloTests).</summary>
public class MonteCarloApiTests
{
    private static readonly KernelConfig Cfg = new(layers: 2, sigmaB: 0.2, sigmaH: 0.4, activation: Activation.Erf);

    [Fact]
    public void ResultsAreBitIdenticalWhateverTheThreadCount()
    {
        var set = NetworkTests.MixedSet(2, 3);
        var one = MonteCarlo.Average(Cfg, set, 24, 6, 5, new MonteCarloOptions { MaxDegreeOfParallelism = 1 });
        var four = MonteCarlo.Average(Cfg, set, 24, 6, 5, new MonteCarloOptions { MaxDegreeOfParallelism = 4 });
        Assert.Equal(one.MeanRntk.Data, four.MeanRntk.Data);
        Assert.Equal(one.StdErrNngp.Data, four.StdErrNngp.Data);
        var other = MonteCarlo.Average(Cfg, set, 24, 6, 6);
        Assert.NotEqual(one.MeanRntk.Data, other.MeanRntk.Data);
    }

    [Fact]
    public void MeanAndStandardErrorSummariseTheSamples()
    {
        var set = NetworkTests.MixedSet(1, 4);
        var mc = MonteCarlo.Average(Cfg, set, 16, 5, 2);
        Assert.Equal(5, mc.Networks);
        for (int i = 0; i < mc.MeanRntk.Data.Length; i++)
        {
            var x = mc.Samples.Select(s => s.Rntk.Data[i]).ToArray();
            double mean = x.Average();
            double se = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1) / x.Length);
            Assert.Equal(mean, mc.MeanRntk.Data[i], 1e-12);
            Assert.Equal(se, mc.StdErrRntk.Data[i], 1e-12);
        }
        // Each sample is the empirical Gram of network k, rebuilt from its published seed.
        var net3 = RecurrentNetwork.Sample(Cfg, 16, 1, MonteCarlo.NetworkSeed(2, 16, 3));
        Assert.Equal(EmpiricalKernel.Gram(net3, set).Nngp.Data, mc.Samples[3].Nngp.Data);
    }

    [Fact]
    public void StudyErrorsAreThoseOfTheSameNetworksAsMonteCarlo()
    {
        var set = NetworkTests.MixedSet(1, 7);
        var study = ConvergenceStudy.Run(Cfg, set, [32, 8], 3, 9);
        Assert.Equal([8, 32], study.Points.Select(p => p.Width));   // sorted by width
        var mc = MonteCarlo.Average(Cfg, set, 32, 3, 9);
        var analytic = new RntkKernel(Cfg).Gram(set);
        var p32 = study.Points[1];
        for (int k = 0; k < 3; k++)
            Assert.Equal(MonteCarlo.RelativeError(mc.Samples[k].Rntk, analytic.Rntk), p32.RntkErrors[k]);
        Assert.Equal(MonteCarlo.RelativeError(mc.MeanNngp, analytic.Nngp), p32.MeanGramNngpError);
        Assert.Equal(p32.RntkErrors.Average(), p32.MeanRntkError);
        double expectSlope = Math.Log(study.Points[1].MeanRntkError / study.Points[0].MeanRntkError) / Math.Log(32.0 / 8);
        Assert.Equal(expectSlope, study.SlopeRntk, 1e-12);
    }

    [Fact]
    public void LogLogSlopeRecoversAPowerLaw()
    {
        double[] w = [64, 128, 256, 1024];
        Assert.Equal(-0.5, ConvergenceStudy.LogLogSlope(w, w.Select(x => 3 / Math.Sqrt(x))), 1e-12);
        Assert.True(double.IsNaN(ConvergenceStudy.LogLogSlope([64], [0.1])));
    }

    [Fact]
    public void RelativeErrorIsTheFrobeniusRatio()
    {
        var a = new KernelMatrix(2, 2, [1, 2, 2, 4]);
        var b = new KernelMatrix(2, 2, [1, 2, 2, 5]);
        Assert.Equal(1 / 5.0, MonteCarlo.RelativeError(b, a), 1e-15);
        Assert.Contains("zero", Assert.Throws<ArgumentException>(() => MonteCarlo.RelativeError(a, new KernelMatrix(2, 2))).Message);
        Assert.Contains("Shapes", Assert.Throws<ArgumentException>(() => MonteCarlo.RelativeError(a, new KernelMatrix(1, 2))).Message);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var set = NetworkTests.MixedSet(1, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => MonteCarlo.Average(Cfg, set, 8, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MonteCarlo.Average(Cfg, set, 0, 2, 1));
        Assert.Contains("distinct", Assert.Throws<ArgumentException>(() => ConvergenceStudy.Run(Cfg, set, [8, 8], 1, 1)).Message);
        Assert.Contains("MaxDegreeOfParallelism",
            Assert.Throws<ArgumentException>(() => MonteCarlo.Average(Cfg, set, 8, 1, 1, new MonteCarloOptions { MaxDegreeOfParallelism = 0 })).Message);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => MonteCarlo.Average(Cfg, set, 8, 4, 1, ct: cts.Token));
    }
}
