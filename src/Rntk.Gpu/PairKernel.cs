using ILGPU;

namespace Rntk.Gpu;

/// <summary>The scalars every thread of a launch shares: the kernel configuration and which band of pairs it computes.</summary>
internal struct PairKernelParams
{
    public int Layers;
    public int Channels;
    /// <summary><see cref="PairKernel.Relu"/> or <see cref="PairKernel.Erf"/>.</summary>
    public int Activation;
    public int SharedInitialState;
    public int AveragePooling;
    /// <summary>1 for a symmetric Gram: rows and columns are the same packed set and (i, i) is a data point with itself.</summary>
    public int Symmetric;
    /// <summary>1 to add to the output (the reversed direction of a bidirectional kernel), 0 to overwrite it.</summary>
    public int Accumulate;
    /// <summary>Packed index of the band's first row.</summary>
    public int RowStart;
    /// <summary>Packed index of the band's first column.</summary>
    public int ColumnStart;
    /// <summary>Columns in the band; thread k computes (RowStart + k / ColumnCount, ColumnStart + k % ColumnCount).</summary>
    public int ColumnCount;
    public double Sw2, Su2, Sb2, Sv2, Sh2, InvM;
}

/// <summary>One layer's K, K̇ and Θ at one cell of a chain.</summary>
internal struct LayerState
{
    public double K, Kd, Th;
    public LayerState(double k) { K = k; Kd = 0; Th = 0; }
    public LayerState(double k, double kd, double th) { K = k; Kd = kd; Th = th; }
}

/// <summary>Two numbers returned together (kernels return plain structs; tuples are avoided on the device).</summary>
internal struct Pair2
{
    public double A, B;
    public Pair2(double a, double b) { A = a; B = b; }
}

/// <summary>
/// The GPU kernel: one thread per pair of a band, each running the reference recursion of docs/math.md §3–§5
/// (<c>Rntk.Kernels.PairRecursion</c>, mirrored operation by operation so results agree to rounding) with its
/// L-layer state in registers (L ≤ 2) or thread-local memory. Sequences and variance chains come packed (see <see cref="PackedSet"/>).
/// </summary>
internal static class PairKernel
{
    /// <summary>Layers of state a thread keeps; deeper networks run on the CPU.</summary>
    public const int MaxLayers = 8;
    public const int Relu = 0;
    public const int Erf = 1;

    private const double TwoPi = 2 * Math.PI;
    private const double InvTwoPi = 1 / (2 * Math.PI);
    private const double TwoOverPi = 2 / Math.PI;
    private const double FourOverPi = 4 / Math.PI;

    /// <param name="index">Thread index within the band.</param>
    /// <param name="p">Configuration and band.</param>
    /// <param name="values">All sequences' values, step by step, channels contiguous.</param>
    /// <param name="chains">All variance chains; item k's chain starts at L·stepOffset[k], layout [layer·T + t].</param>
    /// <param name="stepOffset">First step of item k in the packed steps.</param>
    /// <param name="length">T of item k.</param>
    /// <param name="outRntk">Band output, row-major, ColumnCount wide.</param>
    /// <param name="outNngp">Band output, row-major, ColumnCount wide.</param>
    public static void Run(
        Index1D index, PairKernelParams p, ArrayView<double> values, ArrayView<double> chains,
        ArrayView<int> stepOffset, ArrayView<int> length, ArrayView<double> outRntk, ArrayView<double> outNngp)
    {
        int k = index;
        int a = k / p.ColumnCount;
        int i = p.RowStart + a;
        int j = p.ColumnStart + (k - a * p.ColumnCount);
        if (p.Symmetric != 0 && j < i)
        {
            // The lower triangle is mirrored from the upper one on the host, as the reference engine does.
            if (p.Accumulate == 0)
            {
                outRntk[k] = 0;
                outNngp[k] = 0;
            }
            return;
        }
        bool same = p.Symmetric != 0 && i == j;

        var kPrev = LocalMemory.Allocate<double>(MaxLayers);
        var kdPrev = LocalMemory.Allocate<double>(MaxLayers);
        var thPrev = LocalMemory.Allocate<double>(MaxLayers);

        int xs = stepOffset[i], T = length[i];
        int ys = stepOffset[j], Tp = length[j];
        Pair2 v;
        if (p.AveragePooling == 0)
        {
            // §4: end-aligned, one chain from (T − k, T′ − k), k = min(T, T′).
            int n = T < Tp ? T : Tp;
            v = Chain(p, values, chains, xs, T, ys, Tp, T - n, Tp - n, n, same, false, kPrev, kdPrev, thPrev);
        }
        else
        {
            // §5: every diagonal d = t′ − t of the T×T′ grid is its own chain; the sum is divided by T·T′.
            // Diagonals ±d are added as a pair, in the reference's order, so (x, y) and (y, x) agree bitwise.
            double sr = 0, sn = 0;
            int dMax = (T > Tp ? T : Tp) - 1;
            for (int d = 0; d <= dMax; d++)
            {
                var up = d <= Tp - 1 ? Diagonal(p, values, chains, xs, T, ys, Tp, d, same, kPrev, kdPrev, thPrev) : new Pair2(0, 0);
                var down = d > 0 && d <= T - 1 ? Diagonal(p, values, chains, xs, T, ys, Tp, -d, same, kPrev, kdPrev, thPrev) : new Pair2(0, 0);
                sr += up.A + down.A;
                sn += up.B + down.B;
            }
            double inv = 1.0 / ((double)T * Tp);
            v = new Pair2(sr * inv, sn * inv);
        }

        if (p.Accumulate != 0)
        {
            outRntk[k] = outRntk[k] + v.A;
            outNngp[k] = outNngp[k] + v.B;
        }
        else
        {
            outRntk[k] = v.A;
            outNngp[k] = v.B;
        }
    }

    /// <summary>The sum over the cells of diagonal d = t′ − t of the T×T′ grid (PairRecursion.Diagonal).</summary>
    private static Pair2 Diagonal(
        PairKernelParams p, ArrayView<double> values, ArrayView<double> chains, int xs, int T, int ys, int Tp, int d, bool same,
        ArrayView<double> kPrev, ArrayView<double> kdPrev, ArrayView<double> thPrev)
    {
        int i0 = d < 0 ? -d : 0, j0 = d < 0 ? 0 : d;
        int n = T - i0 < Tp - j0 ? T - i0 : Tp - j0;
        return Chain(p, values, chains, xs, T, ys, Tp, i0, j0, n, same, true, kPrev, kdPrev, thPrev);
    }

    /// <summary>One diagonal chain from boundary cell (i0, j0) through n cells (PairRecursion.Chain).</summary>
    /// <remarks>
    /// Why two ways of holding the layers' state: ILGPU keeps struct and scalar locals in registers but an array
    /// indexed by the layer in thread-local memory (it neither unrolls the layer loop nor promotes the array; checked
    /// on its PTX). So one and two layers, the common depths, keep theirs in registers (s0, s1), and deeper networks
    /// theirs in local memory. Both run the same <see cref="LayerStep"/>; L is the same for every thread, so the
    /// branch does not diverge.
    /// </remarks>
    private static Pair2 Chain(
        PairKernelParams p, ArrayView<double> values, ArrayView<double> chains, int xs, int T, int ys, int Tp,
        int i0, int j0, int n, bool same, bool sumAll, ArrayView<double> kPrev, ArrayView<double> kdPrev, ArrayView<double> thPrev)
    {
        int L = p.Layers;
        bool selfChain = same && i0 == j0;
        double k00 = i0 == 0 && j0 == 0 && (same || p.SharedInitialState != 0) ? p.Sh2 : 0;
        int qx = xs * L, qy = ys * L;
        var s0 = new LayerState(k00);
        var s1 = new LayerState(k00);
        if (L > 2)
        {
            for (int l = 0; l < L; l++)
            {
                kPrev[l] = k00;
                kdPrev[l] = 0;
                thPrev[l] = 0;
            }
        }
        double sumR = 0, sumN = 0, lastR = 0, lastN = 0;
        for (int s = 0; s < n; s++)
        {
            int t = i0 + s, tp = j0 + s;
            var top = new LayerState(0);
            if (L <= 2)
            {
                LayerStep(p, values, chains, xs, T, ys, Tp, qx, qy, t, tp, 0, selfChain, ref s0, ref top);
                if (L == 2) LayerStep(p, values, chains, xs, T, ys, Tp, qx, qy, t, tp, 1, selfChain, ref s1, ref top);
            }
            else
            {
                for (int l = 0; l < L; l++)
                {
                    var state = new LayerState(kPrev[l], kdPrev[l], thPrev[l]);
                    LayerStep(p, values, chains, xs, T, ys, Tp, qx, qy, t, tp, l, selfChain, ref state, ref top);
                    kPrev[l] = state.K;
                    kdPrev[l] = state.Kd;
                    thPrev[l] = state.Th;
                }
            }
            lastN = p.Sv2 * top.K;
            lastR = p.Sv2 * (top.K + top.Kd * top.Th);
            sumR += lastR;
            sumN += lastN;
        }
        return sumAll ? new Pair2(sumR, sumN) : new Pair2(lastR, lastN);
    }

    /// <summary>
    /// Layer l at cell (t, t′) of a chain (§3): advances <paramref name="state"/> (this layer's K, K̇, Θ at the
    /// previous cell) using <paramref name="below"/> (layer l − 1 at this cell, or the input for l = 0), then
    /// leaves this layer's values in <paramref name="below"/> for the layer above.
    /// </summary>
    private static void LayerStep(
        PairKernelParams p, ArrayView<double> values, ArrayView<double> chains, int xs, int T, int ys, int Tp, int qx, int qy,
        int t, int tp, int l, bool selfChain, ref LayerState state, ref LayerState below)
    {
        double qa = chains[qx + l * T + t], qb = chains[qy + l * Tp + tp];
        double sigma;
        if (selfChain) sigma = qa;
        else
        {
            double input;
            if (l == 0)
            {
                int m = p.Channels;
                double acc = 0;
                int xo = (xs + t) * m, yo = (ys + tp) * m;
                for (int c = 0; c < m; c++) acc += values[xo + c] * values[yo + c];
                input = acc * p.InvM;
            }
            else input = below.K;
            sigma = p.Sw2 * state.K + p.Su2 * input + p.Sb2;
        }
        double theta = sigma + p.Sw2 * state.Kd * state.Th;
        if (l > 0) theta += p.Su2 * below.Kd * below.Th;
        var kk = selfChain ? DualDiagonal(p.Activation, qa) : Dual(p.Activation, qa, qb, sigma);
        state = new LayerState(kk.A, kk.B, theta);
        below = state;
    }

    /// <summary>V and V̇ off the diagonal (ReluActivation.Dual / ErfActivation.Dual, §2).</summary>
    internal static Pair2 Dual(int activation, double a, double b, double c)
    {
        if (activation == Relu)
        {
            double ab = a * b;
            if (!(ab > 0)) return new Pair2(0, 0.25);
            double s = Math.Sqrt(ab);
            double rho = Clamp1(c / s);
            double theta = DeviceMath.Acos(rho);
            double v = OverTwoPi(s) * (rho * (Math.PI - theta) + Math.Sqrt(1 - rho * rho));
            return new Pair2(v, OverTwoPi(Math.PI - theta));
        }
        double pa = 1 + 2 * a, pb = 1 + 2 * b;
        double ve = TwoOverPi * DeviceMath.Asin(Clamp1(2 * c / Math.Sqrt(pa * pb)));
        double g = a * b - c * c;
        double det = 1 + 2 * (a + b) + 4 * (g < 0 ? 0 : g);
        return new Pair2(ve, FourOverPi / Math.Sqrt(det));
    }

    /// <summary>V and V̇ on the diagonal, ρ = 1 exactly (DualDiagonal, §2).</summary>
    internal static Pair2 DualDiagonal(int activation, double q)
    {
        if (activation == Relu) return new Pair2(0.5 * q, 0.5);
        return new Pair2(TwoOverPi * DeviceMath.Asin(2 * q / (1 + 2 * q)), FourOverPi / Math.Sqrt(1 + 4 * q));
    }

    /// <summary>
    /// x/(2π) as a product with 1/(2π): within an ulp of the quotient. Why: float64 division has no hardware unit on
    /// NVIDIA GPUs (div.rn.f64 is a ~10-instruction software sequence) and a ReLU step had three; this leaves only c/s.
    /// An ulp here is harmless: V and V̇ enter Θ linearly (it is ρ whose ulps the recursion amplifies, and ρ = c/s
    /// keeps its correctly rounded division). No FMA correction as in the CPU engine (SimdDuals.OverTwoPi): ILGPU maps
    /// Math.FusedMultiplyAdd only through libdevice, which a driver-only machine lacks.
    /// </summary>
    internal static double OverTwoPi(double x) => x * InvTwoPi;

    // Math.Clamp(x, −1, 1) with the same NaN behaviour (NaN stays NaN), written out for the device.
    private static double Clamp1(double x) => x < -1 ? -1 : x > 1 ? 1 : x;
}
