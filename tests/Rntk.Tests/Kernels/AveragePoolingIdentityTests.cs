using Rntk.Data;
using Rntk.Gpu;
using Rntk.Gram;
using Rntk.Kernels;
using Rntk.Tests.Gram;
using static Rntk.Tests.TestData;

namespace Rntk.Tests.Kernels;

/// <summary>
/// An independent check of every average-pooling path, from the last-step kernel. The pooled readout is linear,
/// f_avg(x) = (1/T) Σ_t f_last(x[1..t]) on the same network (the same h0 for all prefixes of one series), so
/// Θ_avg(x, y) = (1/(T·T′)) Σ_{t,t′} Θ_last(x[1..t], y[1..t′]), and likewise the NNGP. For two distinct series the
/// prefix pairs keep the h0 model; for a series with itself its prefixes share one h0, so they pair as under a
/// shared h0. The pooled code walks the T×T′ grid by diagonal chains; this sum reuses the last-step recursion and
/// its closed-form self values instead. Checked for relu, erf and tanh, 1–3 layers, one and two channels,
/// different lengths, both h0 models, forward and bidirectional (the backward term pools the reversed series), on
/// the pair API, the self API, and the Gram of every engine that runs the configuration.
/// </summary>
public class AveragePoolingIdentityTests
{
    private static Sequence Prefix(Sequence s, int t) => new(s.Values[..(t * s.Channels)], s.Channels);

    /// <summary>(1/(T·T′)) Σ over prefix pairs of the last-step kernel; <paramref name="same"/>: y is x itself.</summary>
    private static KernelValue FromPrefixes(KernelConfig pooled, Sequence x, Sequence y, bool same)
    {
        var last = new RntkKernel(pooled.With(readout: Readout.LastStep, direction: Direction.Forward,
                                              initialState: same ? InitialState.Shared : pooled.InitialState));
        double r = 0, n = 0;
        for (int t = 1; t <= x.Length; t++)
            for (int u = 1; u <= y.Length; u++)
            {
                var v = same && t == u ? last.EvaluateSelf(Prefix(x, t)) : last.Evaluate(Prefix(x, t), Prefix(y, u));
                r += v.Rntk;
                n += v.Nngp;
            }
        double w = 1.0 / (x.Length * y.Length);
        return new KernelValue(r * w, n * w);
    }

    private static KernelValue Expected(KernelConfig pooled, Sequence x, Sequence y, bool same)
    {
        var f = FromPrefixes(pooled, x, y, same);
        if (pooled.Direction == Direction.Forward) return f;
        var b = FromPrefixes(pooled, x.Reversed(), y.Reversed(), same);
        return new KernelValue(f.Rntk + b.Rntk, f.Nngp + b.Nngp);
    }

    public static TheoryData<string, int, string, string> Cases()
    {
        var data = new TheoryData<string, int, string, string>();
        foreach (var (cfg, m) in new[] { ("A", 1), ("B", 1), ("C", 1), ("B3", 2), ("tanh2", 1) })
            foreach (var h0 in new[] { "independent", "shared" })
                foreach (var dir in new[] { "forward", "bidirectional" })
                    data.Add(cfg, m, h0, dir);
        return data;
    }

    private static KernelConfig Config(string name, string h0, string dir)
    {
        var c = name switch
        {
            "B3" => B().With(layers: 3),
            "tanh2" => B().With(activation: Activation.Tanh),
            _ => Named(name),
        };
        return c.With(readout: Readout.AveragePooling,
                      direction: dir == "forward" ? Direction.Forward : Direction.Bidirectional,
                      initialState: h0 == "shared" ? InitialState.Shared : InitialState.Independent);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PooledKernelsAreMeansOfLastStepKernelsOfPrefixes(string name, int channels, string h0, string dir)
    {
        var cfg = Config(name, h0, dir);
        var set = channels == 1 ? new List<Sequence> { X, Xp, Sequence.Univariate(0.1, 0.2, -0.3) } : RandomSet(3, 2, 5, m: 2, seed: 7);
        var kernel = new RntkKernel(cfg);
        int n = set.Count;
        GramResult NewResult(string engine) => new(new KernelMatrix(n, n), new KernelMatrix(n, n), engine, TimeSpan.Zero);
        var expected = NewResult("prefix sums");
        var pairs = NewResult("pair API");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                var e = Expected(cfg, set[i], set[j], same: i == j);
                (expected.Rntk[i, j], expected.Nngp[i, j]) = (e.Rntk, e.Nngp);
                // The pair and self APIs (the reference recursion).
                var v = i == j ? kernel.EvaluateSelf(set[i]) : kernel.Evaluate(set[i], set[j]);
                (pairs.Rntk[i, j], pairs.Nngp[i, j]) = (v.Rntk, v.Nngp);
            }

        // The Gram of every engine that runs this configuration (its diagonal is the self value). tanh goes through
        // quadrature, whose duals are accurate to about 1e-8 only: the identity then holds to that.
        IlgpuGramEngine.Register();
        var results = new List<GramResult> { pairs, kernel.Gram(set, new GramOptions { Engine = GramEngineKind.Reference, Device = GramDevice.Cpu }) };
        if (cfg.Activation.Name != "tanh")
        {
            results.Add(kernel.Gram(set, new GramOptions { Engine = GramEngineKind.Simd, Device = GramDevice.Cpu }));
            results.Add(kernel.Gram(set, new GramOptions { Device = GramDevice.IlgpuCpu }));
        }
        double tol = cfg.Activation.Name == "tanh" ? 1e-8 : 1e-12;
        // Entries far below their Cauchy–Schwarz bound (erf crosses zero) are compared relative to 1e-3 of it.
        var selfR = GramAssert.Diagonal(expected.Rntk);
        var selfN = GramAssert.Diagonal(expected.Nngp);
        foreach (var g in results)
        {
            GramAssert.Close(expected.Rntk, g.Rntk, selfR, selfR, tol, $"{name} {h0} {dir} {g.Engine} RNTK");
            GramAssert.Close(expected.Nngp, g.Nngp, selfN, selfN, tol, $"{name} {h0} {dir} {g.Engine} NNGP");
        }
    }
}
