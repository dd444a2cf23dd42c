using System.Globalization;
using System.Text;
using System.Text.Json;
using Rntk.Data;
using Rntk.Gpu;
using Rntk.Gram;
using Rntk.Kernels;
using Rntk.Tests.Gram;

namespace Rntk.Tests.Kernels;

/// <summary>
/// Every closed-form kernel path against an independent oracle: <c>rntk_full_grid.py</c> (beside this file) fills the
/// whole (T+1)×(T′+1) grid of every layer in plain Python from docs/math.md's formulas, where the library walks
/// diagonal chains. 48 random configurations (relu/erf, 1–3 layers, last step or average pooling, forward or
/// bidirectional, independent or shared h0, 1–2 channels, lengths 1–6, σ's drawn at random), each a Gram of 4 series
/// on the pair API and on the reference, SIMD and GPU (ILGPU's CPU accelerator) engines, to 1e-12.
/// </summary>
public class FullGridOracleTests
{
    private static string Oracle => Path.Combine(TestPaths.RepoRoot, "tests", "Rntk.Tests", "Kernels", "rntk_full_grid.py");

    private static (KernelConfig Config, List<Sequence> Set) RandomCase(int seed)
    {
        var rng = new Random(seed);
        double U(double lo, double hi) => lo + (hi - lo) * rng.NextDouble();
        var cfg = new KernelConfig(
            layers: 1 + seed % 3, sigmaW: U(0.5, 1.6), sigmaU: U(0.2, 1.5), sigmaB: seed % 5 == 0 ? 0 : U(0, 0.5),
            sigmaH: seed % 4 == 0 ? 0 : U(0.1, 1), sigmaV: U(0.5, 1.5),
            activation: (seed / 3) % 2 == 0 ? Activation.Relu : Activation.Erf,
            readout: (seed / 6) % 2 == 0 ? Readout.LastStep : Readout.AveragePooling,
            direction: (seed / 12) % 2 == 0 ? Direction.Forward : Direction.Bidirectional,
            initialState: (seed / 24) % 2 == 0 ? InitialState.Independent : InitialState.Shared);
        int m = 1 + rng.Next(2);
        var set = new List<Sequence>();
        for (int i = 0; i < 4; i++)
        {
            int T = i == 0 ? 1 : rng.Next(1, 7);
            var v = new double[T * m];
            for (int k = 0; k < v.Length; k++) v[k] = U(-1, 1);
            if (i == 3 && T > 1) Array.Clear(v, 0, m);   // an all-zero step
            set.Add(new Sequence(v, m));
        }
        if (seed % 2 == 1) set[2] = set[1];   // equal values, distinct data points (independent h0 tells them apart)
        return (cfg, set);
    }

    private static string Json(KernelConfig c, List<Sequence> set)
    {
        var ci = CultureInfo.InvariantCulture;
        string Num(double v) => v.ToString("R", ci);
        var sb = new StringBuilder();
        sb.Append(ci, $"{{\"layers\": {c.Layers}, \"sw\": {Num(c.SigmaW)}, \"su\": {Num(c.SigmaU)}, \"sb\": {Num(c.SigmaB)}, ");
        sb.Append(ci, $"\"sh\": {Num(c.SigmaH)}, \"sv\": {Num(c.SigmaV)}, \"act\": \"{c.Activation.Name}\", ");
        sb.Append($"\"readout\": \"{(c.Readout == Readout.LastStep ? "last" : "avg")}\", ");
        sb.Append($"\"bidirectional\": {(c.Direction == Direction.Bidirectional ? "true" : "false")}, ");
        sb.Append($"\"shared\": {(c.InitialState == InitialState.Shared ? "true" : "false")}, \"seqs\": [");
        sb.Append(string.Join(", ", set.Select(s => "[" + string.Join(", ", Enumerable.Range(0, s.Length)
            .Select(t => "[" + string.Join(", ", s.Step(t).ToArray().Select(Num)) + "]")) + "]")));
        sb.Append("]}");
        return sb.ToString();
    }

    [SkippableFact]
    public void EveryEngineMatchesTheFullGridOracle()
    {
        ExternalTool.Require(File.Exists("/usr/bin/python3"), "python3 (Debian python3)");
        var cases = Enumerable.Range(0, 48).Select(RandomCase).ToList();
        var (code, o, e) = ExternalTool.Run("/usr/bin/python3", [Oracle], string.Join("\n", cases.Select(c => Json(c.Config, c.Set))) + "\n");
        Assert.True(code == 0, e);
        var answers = o.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(cases.Count, answers.Count);

        IlgpuGramEngine.Register();
        var engines = new (string Name, GramOptions Options)[]
        {
            ("reference", new GramOptions { Engine = GramEngineKind.Reference, Device = GramDevice.Cpu }),
            ("simd", new GramOptions { Engine = GramEngineKind.Simd, Device = GramDevice.Cpu }),
            ("ilgpu-cpu", new GramOptions { Device = GramDevice.IlgpuCpu }),
        };
        for (int c = 0; c < cases.Count; c++)
        {
            var (cfg, set) = cases[c];
            KernelMatrix R = Matrix(answers[c].GetProperty("rntk")), G = Matrix(answers[c].GetProperty("nngp"));
            var kernel = new RntkKernel(cfg);
            string what = $"case {c} ({cfg}, m = {set[0].Channels}, lengths {string.Join(",", set.Select(s => s.Length))})";
            var pairs = new GramResult(new KernelMatrix(4, 4), new KernelMatrix(4, 4), "pair API", TimeSpan.Zero);
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++)
                {
                    var v = i == j ? kernel.EvaluateSelf(set[i]) : kernel.Evaluate(set[i], set[j]);
                    pairs.Rntk[i, j] = v.Rntk;
                    pairs.Nngp[i, j] = v.Nngp;
                }
            // Within 1e-12 of the oracle, relative to the entry or, far below it, to 1e-3 of its Cauchy–Schwarz bound.
            var selfR = GramAssert.Diagonal(R);
            var selfG = GramAssert.Diagonal(G);
            foreach (var (name, g) in engines.Select(e => (e.Name, kernel.Gram(set, e.Options))).Prepend(("pair", pairs)))
            {
                GramAssert.Close(R, g.Rntk, selfR, selfR, 1e-12, $"{what} {name} RNTK");
                GramAssert.Close(G, g.Nngp, selfG, selfG, 1e-12, $"{what} {name} NNGP");
            }
        }
    }

    private static KernelMatrix Matrix(JsonElement rows)
    {
        int n = rows.GetArrayLength();
        var m = new KernelMatrix(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                m[i, j] = rows[i][j].GetDouble();
        return m;
    }
}
