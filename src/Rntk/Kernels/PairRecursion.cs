using Rntk.Data;

namespace Rntk.Kernels;

/// <summary>
/// The reference recursion of docs/math.md §3–§5 for one pair of inputs: the single source of truth
/// that every faster engine (SIMD, GPU) is tested against. Scalar, allocation-free, O(L) memory per chain.
/// </summary>
public static class PairRecursion
{
    /// <summary>
    /// Both kernels of (x, y) under <paramref name="cfg"/>, both directions and the configured readout.
    /// <paramref name="same"/> says x and y are the same data point (a Gram diagonal entry); the chains must be
    /// those of x and y (and of their reversals in <paramref name="qxRev"/>, <paramref name="qyRev"/> when bidirectional).
    /// </summary>
    public static KernelValue Evaluate(
        KernelConfig cfg, Sequence x, VarianceChain qx, Sequence y, VarianceChain qy, bool same,
        Sequence? xRev = null, VarianceChain? qxRev = null, Sequence? yRev = null, VarianceChain? qyRev = null)
    {
        var v = OneDirection(cfg, x, qx, y, qy, same);
        if (cfg.Direction == Direction.Bidirectional)
        {
            if (xRev is null || qxRev is null || yRev is null || qyRev is null)
                throw new ArgumentException("The bidirectional kernel needs the reversed sequences and their chains.");
            v += OneDirection(cfg, xRev, qxRev, yRev, qyRev, same);
        }
        return v;
    }

    /// <summary>One RNN reading the sequences forwards, with the configured readout.</summary>
    public static KernelValue OneDirection(KernelConfig cfg, Sequence x, VarianceChain qx, Sequence y, VarianceChain qy, bool same)
    {
        int T = x.Length, Tp = y.Length;
        if (cfg.Readout == Readout.LastStep)
        {
            // §4: the output at (T, T′) depends only on the diagonal ending there: the sequences meet end-aligned.
            int k = Math.Min(T, Tp);
            return Chain(cfg, x, qx, y, qy, T - k, Tp - k, k, same, sumAll: false);
        }

        // §5 average pooling: every cell of the T×T′ grid, one chain per diagonal d = t′ − t, each starting
        // on the boundary; the total is divided by T·T′. Diagonals ±d are added as a pair so that the sum is
        // bitwise the same for (x, y) and (y, x).
        double sr = 0, sn = 0;
        for (int d = 0; d <= Math.Max(T, Tp) - 1; d++)
        {
            var up = d <= Tp - 1 ? Diagonal(cfg, x, qx, y, qy, d, same) : default;
            var down = d > 0 && d <= T - 1 ? Diagonal(cfg, x, qx, y, qy, -d, same) : default;
            sr += up.Rntk + down.Rntk;
            sn += up.Nngp + down.Nngp;
        }
        double inv = 1.0 / ((double)T * Tp);
        return new KernelValue(sr * inv, sn * inv);
    }

    /// <summary>The sum over the cells of diagonal d = t′ − t of the T×T′ grid.</summary>
    private static KernelValue Diagonal(KernelConfig cfg, Sequence x, VarianceChain qx, Sequence y, VarianceChain qy, int d, bool same)
    {
        int i0 = d < 0 ? -d : 0, j0 = d < 0 ? 0 : d;
        int n = Math.Min(x.Length - i0, y.Length - j0);
        return Chain(cfg, x, qx, y, qy, i0, j0, n, same, sumAll: true);
    }

    /// <summary>
    /// Advances one diagonal chain from boundary cell (i0, j0) (1-based step indices; 0 is the initial state)
    /// through n cells. Returns the output term σv²(K + K̇Θ), σv²K of the last cell, or their sum over all cells.
    /// </summary>
    private static KernelValue Chain(
        KernelConfig cfg, Sequence x, VarianceChain qx, Sequence y, VarianceChain qy, int i0, int j0, int n, bool same, bool sumAll)
    {
        int L = cfg.Layers, T = x.Length, Tp = y.Length;
        double sw2 = cfg.SigmaW * cfg.SigmaW, su2 = cfg.SigmaU * cfg.SigmaU, sb2 = cfg.SigmaB * cfg.SigmaB;
        double sv2 = cfg.SigmaV * cfg.SigmaV, invM = 1.0 / x.Channels;
        var act = cfg.Activation;

        // A cell (t, t) of a sequence with itself has ρ = 1 exactly: Σ = q and the diagonal closed forms.
        bool selfChain = same && i0 == j0;

        // Boundary (§3): K_{0,0} = σh² for the same input or a shared h0, else 0; K_{t,0} = K_{0,t′} = 0; Θ = 0.
        double k00 = i0 == 0 && j0 == 0 && (same || cfg.InitialState == InitialState.Shared) ? cfg.SigmaH * cfg.SigmaH : 0;
        Span<double> kPrev = stackalloc double[L], kdPrev = stackalloc double[L], thPrev = stackalloc double[L];
        kPrev.Fill(k00);
        kdPrev.Clear();
        thPrev.Clear();

        double sumR = 0, sumN = 0, lastR = 0, lastN = 0;
        for (int s = 0; s < n; s++)
        {
            int t = i0 + s, tp = j0 + s; // 0-based step indices of this cell
            double kBelow = 0, kdBelow = 0, thBelow = 0;
            for (int l = 0; l < L; l++)
            {
                double qa = qx.Q[l * T + t], qb = qy.Q[l * Tp + tp];
                double sigma;
                if (selfChain) sigma = qa;
                else
                {
                    double input = l == 0 ? Sequence.Dot(x, t, y, tp) * invM : kBelow;
                    sigma = sw2 * kPrev[l] + su2 * input + sb2;
                }
                double theta = sigma + sw2 * kdPrev[l] * thPrev[l];
                if (l > 0) theta += su2 * kdBelow * thBelow;
                var (kk, kd) = selfChain ? act.DualDiagonal(qa) : act.Dual(qa, qb, sigma);
                kPrev[l] = kk;
                kdPrev[l] = kd;
                thPrev[l] = theta;
                kBelow = kk;
                kdBelow = kd;
                thBelow = theta;
            }
            lastN = sv2 * kBelow;
            lastR = sv2 * (kBelow + kdBelow * thBelow);
            sumR += lastR;
            sumN += lastN;
        }
        return sumAll ? new KernelValue(sumR, sumN) : new KernelValue(lastR, lastN);
    }
}
