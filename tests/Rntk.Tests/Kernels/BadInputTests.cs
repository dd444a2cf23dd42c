using Rntk.Data;
using Rntk.Kernels;
using static Rntk.Tests.TestData;

namespace Rntk.Tests.Kernels;

/// <summary>Bad input gets a clear error, never a wrong number.</summary>
public class BadInputTests
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void NonFiniteValuesNameTheSeriesAndStep(double bad)
    {
        var e = Assert.Throws<ArgumentException>(() => new Sequence([0.1, 0.2, bad, 0.4], 1, "series 7 of train"));
        Assert.Contains("series 7 of train", e.Message);
        Assert.Contains("time step 2", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => Sequence.FromSteps([[1, 2], [3, bad]], "series 3"));
        Assert.Contains("series 3", e2.Message);
        Assert.Contains("time step 1, channel 1", e2.Message);
    }

    [Fact]
    public void EmptySequencesAreRejected()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Sequence.Univariate()).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Sequence.FromSteps([])).Message);
        var k = new RntkKernel(A());
        Assert.Contains("no sequences", Assert.Throws<ArgumentException>(() => k.Gram([])).Message);
    }

    [Fact]
    public void ChannelMismatchIsRejected()
    {
        var k = new RntkKernel(A());
        var x1 = Sequence.Univariate(1, 2, 3);
        var x2 = Sequence.FromSteps([[1, 2], [3, 4]]);
        Assert.Contains("Channel mismatch", Assert.Throws<ArgumentException>(() => k.Evaluate(x1, x2)).Message);
        var e = Assert.Throws<ArgumentException>(() => k.Gram([x1, x1, x2]));
        Assert.Contains("sequence 2", e.Message);
        Assert.Throws<ArgumentException>(() => k.CrossGram([x1], [x2]));
        Assert.Throws<ArgumentException>(() => Sequence.FromSteps([[1, 2], [3]]));
    }

    [Theory]
    [InlineData("SigmaW", -0.1)]
    [InlineData("SigmaU", double.NaN)]
    [InlineData("SigmaB", double.PositiveInfinity)]
    [InlineData("SigmaH", -1)]
    [InlineData("SigmaV", double.NegativeInfinity)]
    public void InvalidSigmasNameTheField(string field, double value)
    {
        var e = Assert.Throws<ArgumentException>(() => field switch
        {
            "SigmaW" => new KernelConfig(sigmaW: value),
            "SigmaU" => new KernelConfig(sigmaU: value),
            "SigmaB" => new KernelConfig(sigmaB: value),
            "SigmaH" => new KernelConfig(sigmaH: value),
            _ => new KernelConfig(sigmaV: value),
        });
        Assert.Contains(field, e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void InvalidLayersAreRejected(int layers)
    {
        var e = Assert.Throws<ArgumentException>(() => new KernelConfig(layers: layers));
        Assert.Contains("Layers", e.Message);
        Assert.Contains(layers.ToString(), e.Message);
    }

    [Fact]
    public void OverflowIsReportedWithWhereAndWhatToChange()
    {
        // ReLU with σw² = 9 > 2 grows like 4.5^T: T = 400 exceeds any double.
        var k = new RntkKernel(new KernelConfig(1, 3.0, 1, 0.1, 0, 1, Activation.Relu));
        var longSeq = new Sequence(Enumerable.Repeat(0.5, 400).ToArray(), 1);
        var e = Assert.Throws<KernelOverflowException>(() => k.Gram([X, longSeq]));
        Assert.Contains("sequence 1", e.Message);
        Assert.Contains("time step", e.Message);
        Assert.Contains("smaller σw", e.Message);
        Assert.Throws<KernelOverflowException>(() => k.EvaluateSelf(longSeq));
        // Short sequences with the same σw are fine and finite.
        Assert.True(double.IsFinite(k.EvaluateSelf(X).Rntk));
    }

    [Theory]
    [InlineData(1e-100)]   // σu²x² = 1e-200: a product of two such variances is subnormal
    [InlineData(1e-60)]    // 1e-120 each: √(ab) of 1e-240 is still normal, but below the limit
    public void UnderflowIsAnErrorNotAWrongCrossValue(double x)
    {
        // Before the check ReLU's cross value of a sequence with an equal copy came out as 0 (NNGP) or too small,
        // while the self values were right: a*b underflowed inside the dual.
        var k = new RntkKernel(new KernelConfig(1, Math.Sqrt(2), 1, 0, 0, 1, Activation.Relu));
        var tiny = Sequence.Univariate(x, x);
        var e = Assert.Throws<KernelOverflowException>(() => k.Evaluate(tiny, tiny));
        Assert.Contains("underflow", e.Message);
        Assert.Contains("time step 0 (counting from 0), layer 1 of 1", e.Message);
        Assert.Throws<KernelOverflowException>(() => k.Gram([tiny, X]));
        // Many layers with a small σu shrink the variance geometrically: also an error, not 0.
        var deep = new RntkKernel(new KernelConfig(50, Math.Sqrt(2), 0.01, 0, 0, 1, Activation.Relu));
        Assert.Contains("underflow", Assert.Throws<KernelOverflowException>(() => deep.EvaluateSelf(Sequence.Univariate(1, 2))).Message);
        // Small but safe inputs keep exact symmetry: the cross value of two equal sequences is their self value.
        var small = Sequence.Univariate(1e-30, 2e-30);
        var cross = k.Evaluate(small, small);
        var self = k.EvaluateSelf(small);
        Assert.Equal(self.Rntk, cross.Rntk, 1e-12 * self.Rntk);
        Assert.Equal(self.Nngp, cross.Nngp, 1e-12 * self.Nngp);
        // An exact zero is not underflow (an all-zero series with σb = σh = 0).
        Assert.Equal(0, k.EvaluateSelf(Sequence.Univariate(0, 0)).Nngp);
    }

    [Fact]
    public void OverflowFromHugeInputsBlamesTheInputsNotSigmaW()
    {
        var k = new RntkKernel(new KernelConfig(1, 1.0, 1, 0, 0, 1, Activation.Relu));   // σw²/2 < 1: no growth
        var e = Assert.Throws<KernelOverflowException>(() => k.EvaluateSelf(Sequence.Univariate(1, 1e60)));
        Assert.Contains("time step 1 (counting from 0)", e.Message);
        Assert.Contains("inputs", e.Message);
        Assert.DoesNotContain("smaller σw", e.Message);
    }
}
