using Rntk.Data;
using Rntk.Kernels;

namespace Rntk.Tests;

/// <summary>The inputs and configurations of docs/math.md §6, and random sets for property tests.</summary>
internal static class TestData
{
    public static readonly Sequence X = Sequence.Univariate(0.5, -1.0, 0.25);
    public static readonly Sequence Xp = Sequence.Univariate(1.0, 0.3, -0.7, 0.2);

    public static KernelConfig A(Readout r = Readout.LastStep, Direction d = Direction.Forward) =>
        new(1, 1.2, 0.8, 0.3, 0.5, 1.0, Activation.Relu, r, d);
    public static KernelConfig B(Readout r = Readout.LastStep, Direction d = Direction.Forward) =>
        new(2, 1.2, 0.8, 0.3, 0.5, 1.0, Activation.Relu, r, d);
    public static KernelConfig C(Readout r = Readout.LastStep, Direction d = Direction.Forward) =>
        new(2, 1.1, 1.3, 0.2, 0.7, 1.5, Activation.Erf, r, d);

    public static KernelConfig Named(string name, Readout r = Readout.LastStep, Direction d = Direction.Forward) => name switch
    {
        "A" => A(r, d),
        "B" => B(r, d),
        "C" => C(r, d),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Random sequences with lengths in [minT, maxT] and m channels, reproducible from the seed.</summary>
    public static List<Sequence> RandomSet(int n, int minT, int maxT, int m = 1, int seed = 1)
    {
        var rng = new Random(seed);
        var list = new List<Sequence>();
        for (int i = 0; i < n; i++)
        {
            int T = rng.Next(minT, maxT + 1);
            var v = new double[T * m];
            for (int k = 0; k < v.Length; k++) v[k] = rng.NextDouble() * 2 - 1;
            list.Add(new Sequence(v, m));
        }
        return list;
    }

    public static void AssertRelative(double expected, double actual, double tol, string what = "")
    {
        double err = Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(err <= tol, $"{what}: expected {expected:R}, got {actual:R}, relative error {err:G3} > {tol:G3}");
    }
}
