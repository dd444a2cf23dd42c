namespace Rntk.Kernels;

/// <summary>
/// Thrown instead of returning ∞/NaN or absurdly large values. With ReLU and σw² &gt; 2 the variances grow like
/// (σw²/2)^T (docs/math.md §7), so long sequences overflow; the message says where and what to change.
/// </summary>
public sealed class KernelOverflowException : ArithmeticException
{
    /// <summary>Variances beyond this are treated as overflow: products of two of them must stay finite.</summary>
    public const double Limit = 1e100;

    public KernelOverflowException(string message) : base(message) { }

    internal static KernelOverflowException ForVariance(KernelConfig cfg, string who, int step, int layer, double value) =>
        new($"Kernel overflow: the variance of {who} at time step {step}, layer {layer} is {value:G4} " +
            $"(limit {Limit:G0}). With {cfg.Activation.Name} and σw = {cfg.SigmaW:G6} (σw²/2 = {cfg.SigmaW * cfg.SigmaW / 2:G4}) the kernel " +
            "grows geometrically along the sequence; use a smaller σw (σw² ≤ 2 for ReLU), smaller σu/σb, or shorter or rescaled inputs.");

    internal static KernelOverflowException ForPair(KernelConfig cfg, int i, int j, KernelValue v) =>
        new($"Kernel overflow: entry ({i}, {j}) is not finite (RNTK {v.Rntk:G4}, NNGP {v.Nngp:G4}) with σw = {cfg.SigmaW:G6}; " +
            "use a smaller σw or rescaled inputs.");
}
