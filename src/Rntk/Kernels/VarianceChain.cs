using Rntk.Data;

namespace Rntk.Kernels;

/// <summary>
/// The per-sequence variances q^(ℓ)_t = Σ^(ℓ)_{t,t}(x, x) of docs/math.md §3, computed once per sequence and
/// shared by every pair it takes part in. Layout: <c>Q[ℓ·T + (t−1)]</c>, ℓ = 0..L−1, t = 1..T.
/// </summary>
public sealed class VarianceChain
{
    public int Length { get; }
    public int Layers { get; }
    /// <summary>Row-major [layer, step] variances.</summary>
    public double[] Q { get; }

    private VarianceChain(int length, int layers, double[] q)
    {
        Length = length;
        Layers = layers;
        Q = q;
    }

    public double this[int layer, int step] => Q[layer * Length + step];

    /// <summary>
    /// Computes the chain; throws <see cref="KernelOverflowException"/> naming <paramref name="who"/> when a variance
    /// leaves [<see cref="KernelOverflowException.LowerLimit"/>, <see cref="KernelOverflowException.Limit"/>] (0 allowed).
    /// </summary>
    public static VarianceChain Compute(KernelConfig cfg, Sequence x, string who = "the sequence")
    {
        int T = x.Length, L = cfg.Layers;
        var q = new double[L * T];
        double sw2 = cfg.SigmaW * cfg.SigmaW, su2 = cfg.SigmaU * cfg.SigmaU, sb2 = cfg.SigmaB * cfg.SigmaB, sh2 = cfg.SigmaH * cfg.SigmaH;
        double invM = 1.0 / x.Channels;
        var act = cfg.Activation;
        for (int l = 0; l < L; l++)
        {
            double kbarPrev = sh2; // K̄_0 = σh²: a sequence always meets its own initial state.
            for (int t = 0; t < T; t++)
            {
                double input = l == 0 ? Sequence.Dot(x, t, x, t) * invM : act.DualDiagonal(q[(l - 1) * T + t]).V;
                double value = sw2 * kbarPrev + su2 * input + sb2;
                if (!(value <= KernelOverflowException.Limit) || (value > 0 && value < KernelOverflowException.LowerLimit)
                    || value > act.MaxVariance)
                    throw KernelOverflowException.ForVariance(cfg, who, t, l + 1, value);
                q[l * T + t] = value;
                kbarPrev = act.DualDiagonal(value).V;
            }
        }
        return new VarianceChain(T, L, q);
    }
}
