using Rntk.Kernels;

namespace Rntk.Experiments;

/// <summary>
/// The hyper-parameters searched by cross-validation for every method: the recurrent kernels' configurations, the
/// classifier's C (SVM) or λ (kernel ridge), and each baseline kernel's own grid.
/// </summary>
/// <remarks>
/// <para><b>paper</b> (the RNTK paper's UCR protocol, arXiv 2006.10246 §5): ReLU, last-step readout, σw = √2, σv = 1;
/// σu ∈ {0.1, 0.5, 1}, σb ∈ {0, 0.2, 0.5}, σh ∈ {0, 0.5, 1}, L ∈ {1, 2}: 54 RNTK (and NNGP) kernels, each with
/// C ∈ {1e-2, 1, 1e2, 1e4, 1e6}. Baselines (on vectors scaled by 1/d, d = length, see Baselines.DotProductKernel):
/// RBF γ ∈ {0.01, 0.03, 0.1, 0.3, 1, 3, 10}; polynomial (γ⟨x,y⟩/d + 1)^p, p ∈ {2, 3, 4, 5}; linear (no parameter);
/// feed-forward NTK and NNGP (ReLU, σw = √2) of depth L ∈ {1, 2, 3, 4, 5} with σb ∈ {0, 0.5}; all with the same C grid.
/// Kernel ridge: λ ∈ {1e-6, 1e-4, 1e-2, 1, 1e2} relative to the mean diagonal of the training Gram.</para>
/// <para><b>quick</b> (CI and first looks): σu ∈ {0.5, 1}, σb = 0.2, σh ∈ {0, 0.5}, L = 1 (4 kernels); C ∈ {1, 1e2, 1e4};
/// RBF γ ∈ {0.1, 1}; polynomial p ∈ {2, 3}; NTK/NNGP L ∈ {1, 2}, σb = 0; λ ∈ {1e-4, 1e-2, 1}.</para>
/// The same configurations serve every recurrent method (<see cref="RecurrentMethod"/>): the cosine-normalised ones
/// rescale the same Grams, the average-pooling ones use them with <see cref="Readout.AveragePooling"/>.
/// Candidates are listed from simple to complex (small C first), and cross-validation ties go to the first.
/// </remarks>
public sealed class ExperimentGrid
{
    public string Name { get; }
    /// <summary>RNTK/NNGP configurations, last-step readout (one Gram pass gives both kernels).</summary>
    public IReadOnlyList<KernelConfig> Recurrent { get; }
    /// <summary>SVM box constraints.</summary>
    public IReadOnlyList<double> C { get; }
    /// <summary>Kernel ridge λ (relative to the mean diagonal of the training Gram).</summary>
    public IReadOnlyList<double> Lambda { get; }
    /// <summary>Baseline kernel grids: method → parameter sets (ordered key/value lists).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<KeyValuePair<string, object>[]>> Baselines { get; }

    private ExperimentGrid(string name, IReadOnlyList<KernelConfig> recurrent, IReadOnlyList<double> c, IReadOnlyList<double> lambda,
        IReadOnlyDictionary<string, IReadOnlyList<KeyValuePair<string, object>[]>> baselines)
    {
        Name = name;
        Recurrent = recurrent;
        C = c;
        Lambda = lambda;
        Baselines = baselines;
    }

    public static ExperimentGrid Paper { get; } = new(
        "paper",
        RecurrentGrid([1, 2], [0.1, 0.5, 1], [0, 0.2, 0.5], [0, 0.5, 1]),
        [1e-2, 1, 1e2, 1e4, 1e6],
        [1e-6, 1e-4, 1e-2, 1, 1e2],
        BaselineGrid([0.01, 0.03, 0.1, 0.3, 1, 3, 10], [2, 3, 4, 5], [1, 2, 3, 4, 5], [0, 0.5]));

    public static ExperimentGrid Quick { get; } = new(
        "quick",
        RecurrentGrid([1], [0.5, 1], [0.2], [0, 0.5]),
        [1, 1e2, 1e4],
        [1e-4, 1e-2, 1],
        BaselineGrid([0.1, 1], [2, 3], [1, 2], [0]));

    /// <summary>"paper" or "quick".</summary>
    public static ExperimentGrid Named(string name) => name.ToLowerInvariant() switch
    {
        "paper" => Paper,
        "quick" => Quick,
        _ => throw new ArgumentException($"Unknown grid '{name}': use paper or quick."),
    };

    /// <summary>The classifier's grid: <see cref="C"/> for "svm", <see cref="Lambda"/> for "krr".</summary>
    public IReadOnlyList<double> ClassifierGrid(string classifier) => classifier switch
    {
        "svm" => C,
        "krr" => Lambda,
        _ => throw new ArgumentException($"Unknown classifier '{classifier}': use svm or krr."),
    };

    /// <summary>
    /// The parameters recorded for a recurrent configuration: those the grid varies, σw, the readout when it is not
    /// the grid's last step (readout=average_pooling) and the direction when it is not forward (direction=bidirectional).
    /// </summary>
    public static KeyValuePair<string, object>[] Describe(KernelConfig c)
    {
        KeyValuePair<string, object>[] p =
        [
            new("L", c.Layers), new("sigma_w", c.SigmaW), new("sigma_u", c.SigmaU), new("sigma_b", c.SigmaB), new("sigma_h", c.SigmaH),
        ];
        if (c.Readout != Readout.LastStep) p = [.. p, new("readout", ReadoutName(c.Readout))];
        if (c.Direction != Direction.Forward) p = [.. p, new("direction", "bidirectional")];
        return p;
    }

    /// <summary>"last_step" or "average_pooling", as recorded in result parameters.</summary>
    public static string ReadoutName(Readout r) => r switch
    {
        Readout.LastStep => "last_step",
        Readout.AveragePooling => "average_pooling",
        _ => throw new ArgumentException($"Unknown readout {r}."),
    };

    private static List<KernelConfig> RecurrentGrid(int[] layers, double[] su, double[] sb, double[] sh)
    {
        var list = new List<KernelConfig>();
        foreach (int l in layers)
            foreach (double u in su)
                foreach (double b in sb)
                    foreach (double h in sh)
                        list.Add(new KernelConfig(layers: l, sigmaW: Math.Sqrt(2), sigmaU: u, sigmaB: b, sigmaH: h));
        return list;
    }

    private static Dictionary<string, IReadOnlyList<KeyValuePair<string, object>[]>> BaselineGrid(
        double[] rbfGamma, int[] polyDegree, int[] fcDepth, double[] fcSigmaB)
    {
        var fc = new List<KeyValuePair<string, object>[]>();
        foreach (int l in fcDepth)
            foreach (double b in fcSigmaB)
                fc.Add([new("L", l), new("sigma_w", Math.Sqrt(2)), new("sigma_b", b)]);
        return new()
        {
            ["rbf"] = rbfGamma.Select(g => new KeyValuePair<string, object>[] { new("gamma", g) }).ToList(),
            ["poly"] = polyDegree.Select(p => new KeyValuePair<string, object>[] { new("degree", p), new("gamma", 1.0), new("coef0", 1.0) }).ToList(),
            ["linear"] = new List<KeyValuePair<string, object>[]> { Array.Empty<KeyValuePair<string, object>>() },
            ["ntk"] = fc,
            ["fc-nngp"] = fc,
        };
    }
}
