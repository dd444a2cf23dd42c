using Rntk.Kernels;

namespace Rntk.Baselines;

/// <summary>
/// The NTK and NNGP of an infinitely wide fully connected feed-forward network of depth L (L hidden layers) in NTK
/// parametrisation, on vectors x ∈ ℝ^d (Jacot et al. 2018; Arora et al. 2019, with weights and biases scaled as in
/// docs/math.md §1):
/// g⁽¹⁾ = σw/√d·W⁽¹⁾x + σb·b⁽¹⁾, g⁽ℓ⁾ = σw/√n·W⁽ℓ⁾φ(g⁽ℓ⁻¹⁾) + σb·b⁽ℓ⁾, f = σv/√n·v·φ(g⁽ᴸ⁾).
/// </summary>
/// <remarks>
/// Recursion: Σ⁽¹⁾ = σw²⟨x,y⟩/d + σb², K⁽ℓ⁾ = V_φ(Σ⁽ℓ⁾), K̇⁽ℓ⁾ = V̇_φ(Σ⁽ℓ⁾), Σ⁽ℓ⁺¹⁾ = σw²K⁽ℓ⁾ + σb²,
/// Θ⁽¹⁾ = Σ⁽¹⁾, Θ⁽ℓ⁺¹⁾ = Σ⁽ℓ⁺¹⁾ + σw²K̇⁽ℓ⁾Θ⁽ℓ⁾; NNGP = σv²K⁽ᴸ⁾, NTK = σv²(K⁽ᴸ⁾ + K̇⁽ᴸ⁾Θ⁽ᴸ⁾).
/// For ReLU, V and V̇ are the arc-cosine kernels of degree 1 and 0 (<see cref="Activation.Relu"/>, the same dual
/// activations as the RNTK). This is exactly the RNTK/NNGP of a one-step sequence (T = 1) with σh = 0, whose σu
/// plays σw's role here (the recurrent σw multiplies an initial state that is zero): a test checks that identity.
/// With ReLU, σw = √2, σb = 0, σv = 1 the diagonal is Arora et al.'s Θ(x, x) = (L + 1)‖x‖²/d.
/// </remarks>
public sealed class FullyConnectedKernel : DotProductKernel
{
    public int Depth { get; }
    public double SigmaW { get; }
    public double SigmaB { get; }
    public double SigmaV { get; }
    public Activation Activation { get; }
    public KernelKind Kind { get; }

    public FullyConnectedKernel(int depth = 1, double sigmaW = 1.4142135623730951, double sigmaB = 0, double sigmaV = 1,
        KernelKind kind = KernelKind.Rntk, Activation? activation = null)
    {
        if (depth < 1 || depth > 64) throw new ArgumentOutOfRangeException(nameof(depth), depth, "Depth must be in 1..64.");
        foreach (var (n, v) in new[] { ("sigmaW", sigmaW), ("sigmaB", sigmaB), ("sigmaV", sigmaV) })
            if (!(v >= 0) || !double.IsFinite(v)) throw new ArgumentOutOfRangeException(n, v, $"{n} must be finite and ≥ 0.");
        if (!Enum.IsDefined(kind)) throw new ArgumentException($"Unknown kernel kind {(int)kind}.", nameof(kind));
        Depth = depth;
        SigmaW = sigmaW;
        SigmaB = sigmaB;
        SigmaV = sigmaV;
        Kind = kind;
        Activation = activation ?? Activation.Relu;
        KernelParameters = new Dictionary<string, object>
        {
            ["depth"] = depth, ["sigma_w"] = sigmaW, ["sigma_b"] = sigmaB, ["sigma_v"] = sigmaV, ["activation"] = Activation.Name,
        };
    }

    /// <summary>"ntk" (the feed-forward NTK) or "fc-nngp".</summary>
    public override string Name => Kind == KernelKind.Rntk ? "ntk" : "fc-nngp";

    protected override IReadOnlyDictionary<string, object> KernelParameters { get; }

    public override double Evaluate(double s, double sx, double sy) => Both(s, sx, sy).Get(Kind);

    /// <summary>NTK (in <see cref="KernelValue.Rntk"/>) and NNGP from s = ⟨x,y⟩/d, sx = ‖x‖²/d, sy = ‖y‖²/d.</summary>
    public KernelValue Both(double s, double sx, double sy)
    {
        double w2 = SigmaW * SigmaW, b2 = SigmaB * SigmaB;
        double sigma = w2 * s + b2, qx = w2 * sx + b2, qy = w2 * sy + b2;
        double theta = sigma, k = 0, kdot = 0;
        for (int l = 1; l <= Depth; l++)
        {
            // A vector with itself (or an exact duplicate): the diagonal closed form, since arccos near ρ = 1 turns
            // one rounding error in ρ into a relative error of ~1e-8.
            (k, kdot) = sigma == qx && qx == qy ? Activation.DualDiagonal(qx) : Activation.Dual(qx, qy, sigma);
            if (l == Depth) break;
            double kx = Activation.DualDiagonal(qx).V, ky = Activation.DualDiagonal(qy).V;
            sigma = w2 * k + b2;
            theta = sigma + w2 * kdot * theta;
            qx = w2 * kx + b2;
            qy = w2 * ky + b2;
        }
        double v2 = SigmaV * SigmaV;
        return new KernelValue(v2 * (k + kdot * theta), v2 * k);
    }
}

internal static class KernelValueExtensions
{
    public static double Get(this KernelValue v, KernelKind kind) => kind == KernelKind.Rntk ? v.Rntk : v.Nngp;
}
