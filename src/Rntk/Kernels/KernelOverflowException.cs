namespace Rntk.Kernels;

/// <summary>
/// Thrown instead of returning ∞/NaN, absurdly large values or values that lost their precision. With ReLU and
/// σw² &gt; 2 the variances grow like (σw²/2)^T (docs/math.md §7), so long sequences overflow; huge inputs overflow
/// at once; tiny ones (or many layers with small σu) underflow; activations computed by quadrature leave their
/// accurate range (<see cref="Activation.MaxVariance"/>). The message says where and what to change.
/// </summary>
/// <remarks>
/// Why a lower limit: the duals take √(ab) of two variances, and below about 1e-154 each that product leaves the
/// normal range of float64 — ReLU's cross value then came out as 0 (or with a relative error of 1e-6 at 1e-80
/// inputs) while the self values stayed right. Every engine (reference, SIMD, GPU) reads the variances from the
/// same chains, so checking them here guards them all. An exact 0 (all-zero input with σb = σh = 0) is fine.
/// </remarks>
public sealed class KernelOverflowException : ArithmeticException
{
    /// <summary>Variances beyond this are treated as overflow: products of two of them must stay finite.</summary>
    public const double Limit = 1e100;

    /// <summary>Non-zero variances below this are treated as underflow: products of two must stay normal doubles.</summary>
    public const double LowerLimit = 1e-100;

    public KernelOverflowException(string message) : base(message) { }

    /// <summary>
    /// The error for variance <paramref name="value"/> of <paramref name="who"/> at time <paramref name="step"/>
    /// (counted from 0, as the non-finite-value errors count) and <paramref name="layer"/> (ℓ = 1..L, as in
    /// docs/math.md), with advice that fits <paramref name="cfg"/>: overflow from geometric growth, from large inputs,
    /// or underflow.
    /// </summary>
    internal static KernelOverflowException ForVariance(KernelConfig cfg, string who, int step, int layer, double value)
    {
        string where = $"the variance of {who} at time step {step} (counting from 0), layer {layer} of {cfg.Layers} is {value:G4}";
        if (value < LowerLimit)
            return new($"Kernel underflow: {where} (limit {LowerLimit:G0}), too small for float64 products of two " +
                       "variances; rescale the inputs (e.g. z-normalise), or use larger σu/σb or fewer layers.");
        if (value > cfg.Activation.MaxVariance)
            return new($"Kernel out of range: {where}, beyond {cfg.Activation.MaxVariance:G0}, the largest variance at which " +
                       $"{cfg.Activation.Name}'s Gaussian quadrature keeps 1e-8 accuracy; rescale the inputs (e.g. z-normalise) " +
                       "or use smaller σ's (relu and erf have closed forms without this limit).");
        double growth = cfg.SigmaW * cfg.SigmaW / 2;
        string why = cfg.Activation is ReluActivation && growth > 1
            ? $"With relu and σw = {cfg.SigmaW:G6} (σw²/2 = {growth:G4}) the kernel grows geometrically along the sequence; " +
              "use a smaller σw (σw² ≤ 2 for ReLU), smaller σu/σb, or shorter or rescaled inputs."
            : $"With {cfg.Activation.Name} and σw = {cfg.SigmaW:G6} the variance does not grow along the sequence, so the inputs " +
              "(or σu, σb, σh) are too large; rescale the inputs (e.g. z-normalise) or use smaller σ's.";
        return new($"Kernel overflow: {where} (limit {Limit:G0}). {why}");
    }

    internal static KernelOverflowException ForPair(KernelConfig cfg, int i, int j, KernelValue v) =>
        new($"Kernel overflow: entry ({i}, {j}) is not finite (RNTK {v.Rntk:G4}, NNGP {v.Nngp:G4}) with σw = {cfg.SigmaW:G6}; " +
            "use a smaller σw or rescaled inputs.");
}
