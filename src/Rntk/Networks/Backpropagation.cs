using System.Runtime.CompilerServices;
using Rntk.Kernels;

namespace Rntk.Networks;

/// <summary>
/// Backpropagation through time for the network of docs/math.md §1: δ^(ℓ,t) = ∂f/∂g^(ℓ,t) for every layer and
/// step of every sequence of a batch, then (when asked) the gradients of W, U, b and V.
/// </summary>
/// <remarks>
/// δ^(ℓ,t) = φ′(g^(ℓ,t)) ∘ [ σw/√n·W^(ℓ)ᵀ δ^(ℓ,t+1) + σu/√n·U^(ℓ+1)ᵀ δ^(ℓ+1,t) + ∂f/∂h^(ℓ,t) ],
/// where the last term is σv/√n·V at the readout step (last step) or σv/(√n·T)·V at every step (average pooling),
/// and only in the top layer. The gradients are then sums over steps of outer products:
/// ∂f/∂W^(ℓ) = σw/√n Σ_t δ^(ℓ,t) h^(ℓ,t−1)ᵀ, ∂f/∂U^(ℓ) = σu/√fan-in Σ_t δ^(ℓ,t) in^(ℓ,t)ᵀ,
/// ∂f/∂b^(ℓ) = σb Σ_t δ^(ℓ,t), ∂f/∂V = σv/√n·r.
/// </remarks>
internal static class Backpropagation
{
    /// <summary>Replaces φ′(g) in <see cref="ForwardTrace.D"/> by δ, for every sequence of the batch at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip the unoptimised first tier
    public static void Run(ForwardTrace tr, CancellationToken ct = default)
    {
        if (tr.HasDeltas) return;
        int n = tr.Width, N = tr.Count, L = tr.Layers, T = tr.MaxLength;
        var p = tr.Parameters;
        var e = new double[N * n];
        var v = p.V;
        bool last = tr.Config.Readout == Readout.LastStep;
        for (int l = L - 1; l >= 0; l--)
        {
            for (int s = T - 1; s >= 0; s--)
            {
                ct.ThrowIfCancellationRequested();
                int c = tr.Active[s];
                var es = e.AsSpan(0, c * n);
                es.Clear();
                if (l == L - 1)
                {
                    for (int q = 0; q < c; q++)
                    {
                        double scale = last ? (s == tr.Lengths[q] - 1 ? tr.ScaleV : 0) : tr.ScaleV / tr.Lengths[q];
                        if (scale == 0) continue;
                        var row = es.Slice(q * n, n);
                        for (int i = 0; i < n; i++) row[i] = scale * v[i];
                    }
                }
                if (s + 1 < T)
                {
                    int c1 = tr.Active[s + 1]; // sequences with a step s+1 are a prefix of those with step s
                    DenseKernels.MultiplyAdd(tr.StepRows(tr.D[l], s + 1, c1), c1, p.W[l], n, n, es, n, tr.ScaleW);
                }
                if (l + 1 < L)
                    DenseKernels.MultiplyAdd(tr.StepRows(tr.D[l + 1], s, c), c, p.U[l + 1], n, n, es, n, tr.ScaleU(l + 1));
                var d = tr.StepRows(tr.D[l], s, c);
                for (int i = 0; i < d.Length; i++) d[i] *= es[i];
            }
        }
        tr.HasDeltas = true;
    }

    /// <summary>∂f/∂θ of one direction for the sequence at sorted position <paramref name="q"/> of the batch.</summary>
    public static RnnParameters Gradient(ForwardTrace tr, int q)
    {
        Run(tr);
        int n = tr.Width, N = tr.Count;
        var g = new RnnParameters(tr.Layers, n, tr.Channels);
        int T = tr.Lengths[q];
        for (int l = 0; l < tr.Layers; l++)
        {
            double au = tr.ScaleU(l);
            var (inBuf, _, k) = tr.Input(l, 0);
            for (int s = 0; s < T; s++)
            {
                var delta = tr.D[l].AsSpan((s * N + q) * n, n);
                var hPrev = tr.H[l].AsSpan((s * N + q) * n, n);
                var (_, inOff, _) = tr.Input(l, s);
                var input = inBuf.AsSpan(inOff + q * k, k);
                for (int i = 0; i < n; i++)
                {
                    double di = delta[i];
                    if (di == 0) continue;
                    var wRow = g.W[l].AsSpan(i * n, n);
                    for (int j = 0; j < n; j++) wRow[j] += tr.ScaleW * di * hPrev[j];
                    var uRow = g.U[l].AsSpan(i * k, k);
                    for (int j = 0; j < k; j++) uRow[j] += au * di * input[j];
                    g.B[l][i] += tr.ScaleB * di;
                }
            }
        }
        var r = tr.ReadoutVectors.AsSpan(q * n, n);
        for (int i = 0; i < n; i++) g.V[i] = tr.ScaleV * r[i];
        return g;
    }
}
