using Rntk.Data;
using Rntk.Kernels;
using static Rntk.Tests.TestData;

namespace Rntk.Tests.Kernels;

/// <summary>docs/math.md §6: every cell of the reference tables, to 1e-10 relative.</summary>
public class ReferenceValueTests
{
    private const double Tol = 1e-10;

    [Theory]
    [InlineData("A", 0.844657123009, 0.377696349092, 1.550848000000, 0.485912000000, 1.721620480000, 0.444774080000)]
    [InlineData("B", 1.050288690564, 0.439053652435, 2.147865600000, 0.534819520000, 2.873766604800, 0.593299648000)]
    [InlineData("C", 2.940079811941, 0.663962332049, 8.503144792270, 1.206538028632, 10.194371818681, 1.185625972800)]
    public void LastStepPairAndSelfValues(string cfg, double rntk, double nngp, double rxx, double nxx, double ryy, double nyy)
    {
        var k = new RntkKernel(Named(cfg));
        var v = k.Evaluate(X, Xp);
        AssertRelative(rntk, v.Rntk, Tol, "RNTK(x,x')");
        AssertRelative(nngp, v.Nngp, Tol, "NNGP(x,x')");
        var sx = k.EvaluateSelf(X);
        AssertRelative(rxx, sx.Rntk, Tol, "RNTK(x,x)");
        AssertRelative(nxx, sx.Nngp, Tol, "NNGP(x,x)");
        var sy = k.EvaluateSelf(Xp);
        AssertRelative(ryy, sy.Rntk, Tol, "RNTK(x',x')");
        AssertRelative(nyy, sy.Nngp, Tol, "NNGP(x',x')");
        // The kernel is symmetric in its arguments.
        var w = k.Evaluate(Xp, X);
        AssertRelative(v.Rntk, w.Rntk, 1e-14, "symmetry");
    }

    [Theory]
    [InlineData("A", 0.329428263590, 0.221215741645)]
    [InlineData("B", 0.456679900551, 0.264563402800)]
    [InlineData("C", 0.274387621086, 0.077468260938)]
    public void AveragePooling(string cfg, double rntk, double nngp)
    {
        var v = new RntkKernel(Named(cfg, Readout.AveragePooling)).Evaluate(X, Xp);
        AssertRelative(rntk, v.Rntk, Tol, "avg RNTK");
        AssertRelative(nngp, v.Nngp, Tol, "avg NNGP");
    }

    [Theory]
    [InlineData("A", 1.419947780790)]
    [InlineData("B", 1.799855248504)]
    [InlineData("C", 3.119906815920)]
    public void Bidirectional(string cfg, double rntk)
    {
        var v = new RntkKernel(Named(cfg, d: Direction.Bidirectional)).Evaluate(X, Xp);
        AssertRelative(rntk, v.Rntk, Tol, "bidirectional RNTK");
        // The bidirectional kernel is the forward kernel plus the forward kernel of the reversed inputs (§5).
        var fwd = new RntkKernel(Named(cfg));
        var sum = fwd.Evaluate(X, Xp).Nngp + fwd.Evaluate(X.Reversed(), Xp.Reversed()).Nngp;
        AssertRelative(sum, v.Nngp, 1e-14, "bidirectional NNGP");
    }

    /// <summary>
    /// Values beyond §6's tables, computed by an independent implementation (a full T×T′ grid recursion in numpy,
    /// written during a review of this repository's tests; not this library's diagonal chains) that reproduces every
    /// §6 value to 12 digits: bidirectional NNGP, average pooling with a shared h0, and three layers.
    /// </summary>
    [Theory]
    [InlineData("A", 1, "bi", "independent", double.NaN, 0.738565028347)]
    [InlineData("B", 2, "bi", "independent", double.NaN, 0.816461917673)]
    [InlineData("C", 2, "bi", "independent", double.NaN, 0.815846156075)]
    [InlineData("A", 1, "avg", "shared", 0.389412940248, 0.239951767612)]
    [InlineData("B", 2, "avg", "shared", 0.572833463726, 0.292039437398)]
    [InlineData("C", 2, "avg", "shared", 0.738002233613, 0.193284875295)]
    [InlineData("B", 3, "last", "independent", 1.079406484976, 0.444234883779)]
    [InlineData("B", 3, "avg", "independent", 0.493529387488, 0.268674751068)]
    [InlineData("C", 3, "last", "independent", 2.730202548087, 0.506112594208)]
    [InlineData("C", 3, "avg", "independent", 0.336578837854, 0.085957932278)]
    public void IndependentlyComputedValues(string cfg, int layers, string readout, string h0, double rntk, double nngp)
    {
        var c = Named(cfg, readout == "avg" ? Readout.AveragePooling : Readout.LastStep, readout == "bi" ? Direction.Bidirectional : Direction.Forward)
            .With(layers: layers, initialState: h0 == "shared" ? InitialState.Shared : InitialState.Independent);
        var v = new RntkKernel(c).Evaluate(X, Xp);
        if (!double.IsNaN(rntk)) AssertRelative(rntk, v.Rntk, Tol, $"{cfg} L={layers} {readout} {h0} RNTK");
        AssertRelative(nngp, v.Nngp, Tol, $"{cfg} L={layers} {readout} {h0} NNGP");
        // Shared and independent h0 differ for a pooled pair of different lengths (its t = t′ chain starts at h0).
        if (h0 == "shared")
            Assert.True(Math.Abs(new RntkKernel(c.With(initialState: InitialState.Independent)).Evaluate(X, Xp).Rntk - v.Rntk) > 0.01 * v.Rntk);
    }

    [Fact]
    public void Multivariate()
    {
        var cfg = new KernelConfig(2, 1.3, 1.0, 0.1, 0.2, 1.0, Activation.Relu);
        var x = Sequence.FromSteps([[1, 0], [0.5, -0.5]]);
        var y = Sequence.FromSteps([[0.2, 0.4], [-0.3, 0.1], [0.6, 0.6]]);
        var v = new RntkKernel(cfg).Evaluate(x, y);
        AssertRelative(0.2277297242569173, v.Rntk, Tol, "RNTK");
        AssertRelative(0.1562276391345794, v.Nngp, Tol, "NNGP");
    }
}
