using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Rntk.Kernels;

namespace Rntk.Gram.Simd;

/// <summary>The scalar hyper-parameters a chain needs, derived once from a <see cref="KernelConfig"/>.</summary>
internal readonly struct ChainParams(KernelConfig cfg, int channels)
{
    public readonly int Layers = cfg.Layers;
    public readonly int Channels = channels;
    public readonly double Sw2 = cfg.SigmaW * cfg.SigmaW;
    public readonly double Su2 = cfg.SigmaU * cfg.SigmaU;
    public readonly double Sb2 = cfg.SigmaB * cfg.SigmaB;
    public readonly double Sv2 = cfg.SigmaV * cfg.SigmaV;
    public readonly double Sh2 = cfg.SigmaH * cfg.SigmaH;
    public readonly double InvM = 1.0 / channels;
    public readonly bool SharedH0 = cfg.InitialState == InitialState.Shared;
}

/// <summary>
/// Up to <see cref="Max"/> row sequences advanced together against one <see cref="LaneBlock"/>: Max × W pairs in
/// flight, so that the long dependency chain of one pair-step (division-free, but a square root and an 11-term
/// polynomial deep) is overlapped with independent work.
/// </summary>
internal sealed class RowGroup
{
    public const int Max = 8;
    public int Count;
    public readonly int[] T = new int[Max];
    /// <summary>Diagonal offset: row g's step t meets block position p = t + E[g].</summary>
    public readonly int[] E = new int[Max];
    /// <summary>Block positions [PLo, PHi) covered by row g's chain.</summary>
    public readonly int[] PLo = new int[Max], PHi = new int[Max];
    public readonly double[][] X = new double[Max][], C1 = new double[Max][], C2 = new double[Max][];
}

/// <summary>
/// The recursion of docs/math.md §3 for many pairs at once, one pair per SIMD lane: the same operations in the same
/// order as <see cref="PairRecursion"/> (so results agree to rounding), except for the dual activation's
/// transcendental functions (<see cref="SimdMath"/>). Lanes never interact, so a pair's bits do not depend on its
/// lane, tile, vector width or thread.
/// </summary>
internal static class ChainKernel
{
    /// <summary>
    /// For each row g of <paramref name="rows"/> and each lane, advances the chain through block positions
    /// [PLo[g], PHi[g]). Lane j joins at its first position (before it, it is held on the boundary:
    /// K = K₀₀, K̇ = Θ = 0, with K₀₀ = σh² only for a shared h0 and a chain that starts at (0, 0)).
    /// <paramref name="sum"/> = false: out = σv²(K + K̇Θ), σv²K of the last cell; true: the sums over the cells.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TV, TD>(in ChainParams cp, RowGroup rows, LaneBlock blk, bool sum, Span<TV> outR, Span<TV> outN)
        where TV : unmanaged, ISimdVector<TV> where TD : ISimdDual
    {
        int L = cp.Layers, G = rows.Count, W = TV.Count, P = blk.P, m = cp.Channels;
        Span<TV> state = stackalloc TV[3 * RowGroup.Max * L];
        Span<TV> k00 = stackalloc TV[RowGroup.Max];
        TV first = TV.Load(ref blk.First[0]);
        int pMin = int.MaxValue, pMax = int.MinValue;
        for (int g = 0; g < G; g++)
        {
            k00[g] = cp.SharedH0
                ? TV.Select(TV.Equal(first, TV.Broadcast(rows.E[g])), TV.Broadcast(cp.Sh2), TV.Broadcast(0.0))
                : TV.Broadcast(0.0);
            for (int l = 0; l < L; l++)
            {
                int s = (g * L + l) * 3;
                state[s] = k00[g];
                state[s + 1] = TV.Broadcast(0.0);
                state[s + 2] = TV.Broadcast(0.0);
            }
            outR[g] = TV.Broadcast(0.0);
            outN[g] = TV.Broadcast(0.0);
            if (rows.PLo[g] < rows.PHi[g])
            {
                pMin = Math.Min(pMin, rows.PLo[g]);
                pMax = Math.Max(pMax, rows.PHi[g]);
            }
        }

        TV sw2 = TV.Broadcast(cp.Sw2), su2 = TV.Broadcast(cp.Su2), sb2 = TV.Broadcast(cp.Sb2), sv2 = TV.Broadcast(cp.Sv2);
        TV zero = TV.Broadcast(0.0), invM = TV.Broadcast(cp.InvM);
        ref double bx = ref MemoryMarshal.GetArrayDataReference(blk.X);
        ref double bc1 = ref MemoryMarshal.GetArrayDataReference(blk.C1);
        ref double bc2 = ref MemoryMarshal.GetArrayDataReference(blk.C2);
        ref TV st0 = ref MemoryMarshal.GetReference(state);

        for (int p = pMin; p < pMax; p++)
        {
            bool masked = p < blk.MaxFirst;
            TV active = masked ? TV.GreaterThanOrEqual(TV.Broadcast(p), first) : zero;
            for (int g = 0; g < G; g++)
            {
                if (p < rows.PLo[g] || p >= rows.PHi[g]) continue;
                int t = p - rows.E[g], T = rows.T[g];
                ref double rx = ref MemoryMarshal.GetArrayDataReference(rows.X[g]);
                ref double rc1 = ref MemoryMarshal.GetArrayDataReference(rows.C1[g]);
                ref double rc2 = ref MemoryMarshal.GetArrayDataReference(rows.C2[g]);
                ref TV st = ref Unsafe.Add(ref st0, g * L * 3);
                TV kBelow = zero, kdBelow = zero, thBelow = zero;
                for (int l = 0; l < L; l++)
                {
                    TV input;
                    if (l == 0)
                    {
                        if (m == 1) input = TV.Broadcast(Unsafe.Add(ref rx, t)) * TV.Load(ref Unsafe.Add(ref bx, p * W));
                        else
                        {
                            // ⟨x_t, y_t′⟩/m accumulated in the reference's order (Sequence.Dot).
                            TV acc = zero;
                            for (int c = 0; c < m; c++)
                                acc = acc + TV.Broadcast(Unsafe.Add(ref rx, t * m + c)) * TV.Load(ref Unsafe.Add(ref bx, (p * m + c) * W));
                            input = acc * invM;
                        }
                    }
                    else input = kBelow;
                    ref TV sk = ref Unsafe.Add(ref st, l * 3);
                    ref TV skd = ref Unsafe.Add(ref st, l * 3 + 1);
                    ref TV sth = ref Unsafe.Add(ref st, l * 3 + 2);
                    TV sigma = sw2 * sk + su2 * input + sb2;
                    TV theta = sigma + sw2 * skd * sth;
                    if (l > 0) theta = theta + su2 * kdBelow * thBelow;
                    int ci = l * T + t, bi = (l * P + p) * W;
                    TD.Dual(sigma,
                        TV.Broadcast(Unsafe.Add(ref rc1, ci)), TV.Broadcast(Unsafe.Add(ref rc2, ci)),
                        TV.Load(ref Unsafe.Add(ref bc1, bi)), TV.Load(ref Unsafe.Add(ref bc2, bi)),
                        out TV kk, out TV kd);
                    if (masked)
                    {
                        kk = TV.Select(active, kk, k00[g]);
                        kd = TV.Select(active, kd, zero);
                        theta = TV.Select(active, theta, zero);
                    }
                    sk = kk;
                    skd = kd;
                    sth = theta;
                    kBelow = kk;
                    kdBelow = kd;
                    thBelow = theta;
                }
                if (sum)
                {
                    TV cr = sv2 * (kBelow + kdBelow * thBelow), cn = sv2 * kBelow;
                    if (masked)
                    {
                        cr = TV.Select(active, cr, zero);
                        cn = TV.Select(active, cn, zero);
                    }
                    outR[g] = outR[g] + cr;
                    outN[g] = outN[g] + cn;
                }
            }
        }

        if (!sum)
        {
            for (int g = 0; g < G; g++)
            {
                ref TV st = ref Unsafe.Add(ref st0, (g * L + L - 1) * 3);
                TV k = st, kd = Unsafe.Add(ref st, 1), th = Unsafe.Add(ref st, 2);
                outR[g] = sv2 * (k + kd * th);
                outN[g] = sv2 * k;
            }
        }
    }
}
