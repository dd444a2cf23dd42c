using System.Runtime.CompilerServices;
using Rntk.Data;
using Rntk.Gram;
using Rntk.Kernels;

namespace Rntk.Networks;

/// <summary>The empirical kernels of one finite network on one set: what the analytic RNTK/NNGP predict as n → ∞.</summary>
/// <param name="Rntk">Θ̂[i, j] = Σ_θ ∂f(x_i)/∂θ · ∂f(x_j)/∂θ over W, U, b, V of every direction.</param>
/// <param name="Nngp">K̂[i, j] = σv²/n ⟨r(x_i), r(x_j)⟩ with r the readout vector (pooled h for average pooling), summed over directions.</param>
/// <param name="Width">The network's width n.</param>
public sealed record EmpiricalGram(KernelMatrix Rntk, KernelMatrix Nngp, int Width)
{
    public KernelMatrix Get(KernelKind kind) => kind == KernelKind.Rntk ? Rntk : Nngp;
}

/// <summary>
/// The empirical NTK and NNGP Gram matrices of one network, without one parameter-sized gradient per sequence.
/// </summary>
/// <remarks>
/// Every weight gradient is a sum over steps of outer products (see <see cref="Backpropagation"/>), so
/// ⟨∂f/∂W^(ℓ)(x), ∂f/∂W^(ℓ)(x′)⟩ = σw²/n Σ_{t,t′} ⟨δ_t, δ′_{t′}⟩⟨h_{t−1}, h′_{t′−1}⟩, and likewise for U (with the
/// layer inputs) and b (with 1). Per layer and step pair (s, s′) three N×N products of the stored δ, h and inputs
/// give every entry at once: O(L·T²·N²·n) after the O(L·T·N·n²) forward and backward sweeps, against
/// O(N·L·n²) memory and O(N²·L·n²) time for explicit gradients. Entry (i, i) is data point i with itself.
/// </remarks>
public static class EmpiricalKernel
{
    /// <summary>Both empirical Grams of <paramref name="set"/>; sequence i is data point i (its own initial state).</summary>
    public static EmpiricalGram Gram(RecurrentNetwork network, IReadOnlyList<Sequence> set, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        var ids = network.CheckSet(set, null);
        int N = set.Count;
        var rntk = new KernelMatrix(N, N);
        var nngp = new KernelMatrix(N, N);
        for (int d = 0; d < network.Directions.Count; d++)
        {
            var tr = ForwardTrace.Run(network, d, set, ids, ct);
            Backpropagation.Run(tr, ct);
            Accumulate(tr, rntk, nngp, ct);
        }
        // Θ̂ is symmetric in exact arithmetic; (i, j) and (j, i) can differ in the last bit because the products
        // block them differently. Average them so callers get an exactly symmetric matrix.
        Symmetrise(rntk);
        Symmetrise(nngp);
        return new EmpiricalGram(rntk, nngp, network.Width);
    }

    private static void Symmetrise(KernelMatrix k)
    {
        for (int i = 0; i < k.Rows; i++)
            for (int j = i + 1; j < k.Columns; j++)
                k[i, j] = k[j, i] = 0.5 * (k[i, j] + k[j, i]);
    }

    /// <summary>Adds one direction's Θ̂ and K̂ (in the caller's order) to <paramref name="rntk"/> and <paramref name="nngp"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip the unoptimised first tier
    private static void Accumulate(ForwardTrace tr, KernelMatrix rntk, KernelMatrix nngp, CancellationToken ct)
    {
        int N = tr.Count, n = tr.Width, T = tr.MaxLength;
        var theta = new double[N * N]; // sorted order
        var gd = new double[N * N];
        var gh = new double[N * N];
        var gi = new double[N * N];
        double aw2 = tr.ScaleW * tr.ScaleW, ab2 = tr.ScaleB * tr.ScaleB;
        for (int l = 0; l < tr.Layers; l++)
        {
            double au = tr.ScaleU(l), au2 = au * au;
            for (int s = 0; s < T; s++)
            {
                ct.ThrowIfCancellationRequested();
                int cs = tr.Active[s];
                var (inBuf, inOffS, k) = tr.Input(l, s);
                for (int s2 = s; s2 < T; s2++)
                {
                    int c2 = tr.Active[s2];
                    var (_, inOff2, _) = tr.Input(l, s2);
                    // Row p of a step block is sequence p's vector at that step (zero once it has ended).
                    DenseKernels.MultiplyTransposed(tr.StepRows(tr.D[l], s, cs), cs, tr.StepRows(tr.D[l], s2, c2), c2, n, gd, c2, 1, false);
                    DenseKernels.MultiplyTransposed(tr.StepRows(tr.H[l], s, cs), cs, tr.StepRows(tr.H[l], s2, c2), c2, n, gh, c2, 1, false);
                    DenseKernels.MultiplyTransposed(inBuf.AsSpan(inOffS, cs * k), cs, inBuf.AsSpan(inOff2, c2 * k), c2, k, gi, c2, 1, false);
                    for (int p = 0; p < cs; p++)
                    {
                        for (int q = 0; q < c2; q++)
                        {
                            int at = p * c2 + q;
                            double v = gd[at] * (aw2 * gh[at] + au2 * gi[at] + ab2);
                            theta[p * N + q] += v;
                            // Block (s2, s) is the transpose of block (s, s2).
                            if (s2 != s) theta[q * N + p] += v;
                        }
                    }
                }
            }
        }

        // The readout V: ∂f/∂V = σv/√n·r, so its share of Θ̂ is the empirical NNGP σv²/n ⟨r, r′⟩.
        var r = tr.ReadoutVectors;
        DenseKernels.MultiplyTransposed(r, N, r, N, n, gh, N, tr.ScaleV * tr.ScaleV, false);
        for (int p = 0; p < N; p++)
        {
            for (int q = 0; q < N; q++)
            {
                int i = tr.Order[p], j = tr.Order[q];
                double k = gh[p * N + q];
                nngp[i, j] += k;
                rntk[i, j] += theta[p * N + q] + k;
            }
        }
    }
}
