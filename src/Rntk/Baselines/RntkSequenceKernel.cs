using Rntk.Data;
using Rntk.Gram;
using Rntk.Kernels;

namespace Rntk.Baselines;

/// <summary>The RNTK or the NNGP of <see cref="RntkKernel"/> as an <see cref="ISequenceKernel"/>.</summary>
public sealed class RntkSequenceKernel : ISequenceKernel
{
    public RntkKernel Kernel { get; }
    public KernelKind Kind { get; }
    public GramOptions GramOptions { get; }

    public RntkSequenceKernel(KernelConfig config, KernelKind kind = KernelKind.Rntk, GramOptions? gramOptions = null)
    {
        Kernel = new RntkKernel(config);
        if (!Enum.IsDefined(kind)) throw new ArgumentException($"Unknown kernel kind {(int)kind}.", nameof(kind));
        Kind = kind;
        GramOptions = gramOptions ?? GramOptions.Default;
        var c = config;
        Parameters = new Dictionary<string, object>
        {
            ["layers"] = c.Layers, ["sigma_w"] = c.SigmaW, ["sigma_u"] = c.SigmaU, ["sigma_b"] = c.SigmaB,
            ["sigma_h"] = c.SigmaH, ["sigma_v"] = c.SigmaV, ["activation"] = c.Activation.Name,
            ["readout"] = c.Readout.ToString(), ["direction"] = c.Direction.ToString(), ["initial_state"] = c.InitialState.ToString(),
        };
    }

    public string Name => Kind == KernelKind.Rntk ? "rntk" : "nngp";

    public IReadOnlyDictionary<string, object> Parameters { get; }

    public KernelMatrix Gram(IReadOnlyList<Sequence> set, CancellationToken cancellationToken = default, IProgress<GramProgress>? progress = null) =>
        Kernel.Gram(set, GramOptions, progress, cancellationToken).Get(Kind);

    public KernelMatrix Cross(IReadOnlyList<Sequence> rows, IReadOnlyList<Sequence> columns, CancellationToken cancellationToken = default, IProgress<GramProgress>? progress = null) =>
        Kernel.CrossGram(rows, columns, GramOptions, progress, cancellationToken).Get(Kind);

    public override string ToString() => $"{Name} ({Kernel.Config})";
}
