using System.Runtime.CompilerServices;
using Rntk.Kernels;

namespace Rntk.Gram.Simd;

/// <summary>
/// Computes tiles for <see cref="SimdGram"/> on one thread. Inside a tile, rows and columns are visited in order of
/// length (so lanes of one vector mostly share a length and rarely need masking); columns go into
/// <see cref="LaneBlock"/>s of one vector each, and up to <see cref="RowGroup.Max"/> rows run against a block at once.
/// </summary>
/// <remarks>
/// Every operation of a pair is symmetric in its two sequences, so k(x, y) has the same bits whichever of x and y
/// is the row: that, and lanes that never interact, make an entry independent of the tiling and the vector width.
/// </remarks>
internal sealed class SimdTileWorker<TV, TD> : IGramTileWorker
    where TV : unmanaged, ISimdVector<TV> where TD : ISimdDual
{
    private readonly SimdGram _e;
    private readonly LaneBlock _block;
    private readonly RowGroup _group = new();
    private readonly TV[] _outR = new TV[RowGroup.Max], _outN = new TV[RowGroup.Max];
    /// <summary>Results of the current row group, [g·W + lane].</summary>
    private readonly double[] _resR = new double[RowGroup.Max * TV.Count], _resN = new double[RowGroup.Max * TV.Count];
    /// <summary>Average pooling: each diagonal chain's sums, [(e − e0)·G·W + g·W + lane].</summary>
    private double[] _chainR = [], _chainN = [];
    private int[] _rowOrder = [], _colOrder = [];

    public SimdTileWorker(SimdGram engine)
    {
        _e = engine;
        _block = new LaneBlock(TV.Count, engine.Config.Layers, engine.RowSet.Channels);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Compute(GramTile tile, Span<double> rntk, Span<double> nngp)
    {
        bool diagonal = tile.IsDiagonal(_e.Symmetric);
        // Two buffers even on a diagonal tile (where the orders are equal), so that neither aliases the other later.
        _rowOrder = ByLength(_e.RowSeries[0].Lengths, tile.RowStart, tile.RowCount, _rowOrder);
        _colOrder = ByLength(_e.ColumnSeries[0].Lengths, tile.ColumnStart, tile.ColumnCount, _colOrder);
        for (int dir = 0; dir < _e.RowSeries.Length; dir++)
            ComputeDirection(tile, diagonal, _e.RowSeries[dir], _e.ColumnSeries[dir], add: dir > 0, rntk, nngp);
        if (diagonal)
        {
            // A sequence with itself: the reference recursion, with its closed-form diagonal duals (ρ = 1 exactly).
            int nc = tile.ColumnCount;
            for (int r = 0; r < tile.RowCount; r++)
            {
                int i = tile.RowStart + r;
                var v = _e.RowSet.Pair(i, _e.RowSet, i, same: true);
                rntk[r * nc + r] = v.Rntk;
                nngp[r * nc + r] = v.Nngp;
            }
        }
    }

    /// <summary>Indices start..start+count−1 sorted by (length, index).</summary>
    private static int[] ByLength(int[] lengths, int start, int count, int[] buffer)
    {
        if (buffer.Length != count) buffer = new int[count];
        for (int k = 0; k < count; k++) buffer[k] = start + k;
        Array.Sort(buffer, (a, b) => lengths[a] != lengths[b] ? lengths[a].CompareTo(lengths[b]) : a.CompareTo(b));
        return buffer;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ComputeDirection(
        GramTile tile, bool diagonal, SimdSeries rows, SimdSeries cols, bool add, Span<double> rntk, Span<double> nngp)
    {
        bool avg = _e.Config.Readout == Readout.AveragePooling;
        int W = TV.Count, nCols = _colOrder.Length;
        var g = _group;
        for (int b0 = 0; b0 < nCols; b0 += W)
        {
            int count = Math.Min(W, nCols - b0);
            _block.Fill(cols, _colOrder.AsSpan(b0, count));
            // On a diagonal tile, row position a needs only the column positions b > a (the transposes are stored too).
            int aEnd = diagonal ? Math.Min(_rowOrder.Length, b0 + count - 1) : _rowOrder.Length;
            int G = _e.RowsInFlight;
            for (int a0 = 0; a0 < aEnd; a0 += G)
            {
                g.Count = Math.Min(G, aEnd - a0);
                for (int k = 0; k < g.Count; k++)
                {
                    int s = _rowOrder[a0 + k];
                    g.T[k] = rows.Lengths[s];
                    g.X[k] = rows.Values[s];
                    g.C1[k] = rows.C1[s];
                    g.C2[k] = rows.C2[s];
                }
                if (avg) AveragePooling(cols);
                else LastStep();
                Store(tile, diagonal, a0, b0, count, add, rntk, nngp);
            }
        }
    }

    /// <summary>§4: the last steps meet (end alignment); row g's chain covers block positions [max(P − T, 0), P).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LastStep()
    {
        var g = _group;
        int P = _block.P, W = TV.Count;
        for (int k = 0; k < g.Count; k++)
        {
            g.E[k] = P - g.T[k];
            g.PLo[k] = Math.Max(g.E[k], 0);
            g.PHi[k] = P;
        }
        ChainKernel.Run<TV, TD>(_e.Params, g, _block, sum: false, _outR, _outN);
        for (int k = 0; k < g.Count; k++)
        {
            TV.Store(_outR[k], ref _resR[k * W]);
            TV.Store(_outN[k], ref _resN[k * W]);
        }
    }

    /// <summary>
    /// §5: one chain per diagonal (row step t meets block position t + e), each summed over its cells; then, per pair,
    /// the chain sums c(d) (d = t′ − t) are added as c(0) + Σ_k (c(k) + c(−k)) — an order symmetric in the two
    /// sequences — and multiplied by 1/(T·T′) as in the reference.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AveragePooling(SimdSeries cols)
    {
        var g = _group;
        int P = _block.P, W = TV.Count, G = g.Count, maxT = 0;
        for (int k = 0; k < G; k++) maxT = Math.Max(maxT, g.T[k]);
        int e0 = 1 - maxT, nE = P - e0, stride = RowGroup.Max * W;
        if (_chainR.Length < nE * stride)
        {
            _chainR = new double[nE * stride];
            _chainN = new double[nE * stride];
        }
        for (int e = e0; e < P; e++)
        {
            for (int k = 0; k < G; k++)
            {
                g.E[k] = e;
                g.PLo[k] = Math.Max(e, 0);
                g.PHi[k] = Math.Min(g.T[k] + e, P);
            }
            ChainKernel.Run<TV, TD>(_e.Params, g, _block, sum: true, _outR, _outN);
            int at = (e - e0) * stride;
            for (int k = 0; k < G; k++)
            {
                TV.Store(_outR[k], ref _chainR[at + k * W]);
                TV.Store(_outN[k], ref _chainN[at + k * W]);
            }
        }
        for (int k = 0; k < G; k++)
        {
            int T = g.T[k];
            for (int lane = 0; lane < W; lane++)
            {
                int Tp = cols.Lengths[_block.Source[lane]];
                int f = (int)_block.First[lane];
                // Lane's diagonal d sits at e = d + f; d runs over −(T − 1) … T′ − 1.
                int c0 = (f - e0) * stride + k * W + lane;
                double sr = _chainR[c0], sn = _chainN[c0];
                for (int d = 1; d < Math.Max(T, Tp); d++)
                {
                    double pr = d < Tp ? _chainR[c0 + d * stride] : 0, pn = d < Tp ? _chainN[c0 + d * stride] : 0;
                    double mr = d < T ? _chainR[c0 - d * stride] : 0, mn = d < T ? _chainN[c0 - d * stride] : 0;
                    sr += pr + mr;
                    sn += pn + mn;
                }
                double inv = 1.0 / ((double)T * Tp);
                _resR[k * W + lane] = sr * inv;
                _resN[k * W + lane] = sn * inv;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Store(GramTile tile, bool diagonal, int a0, int b0, int count, bool add, Span<double> rntk, Span<double> nngp)
    {
        var g = _group;
        int W = TV.Count, nc = tile.ColumnCount;
        for (int k = 0; k < g.Count; k++)
        {
            int a = a0 + k, ri = _rowOrder[a] - tile.RowStart;
            for (int lane = 0; lane < count; lane++)
            {
                int b = b0 + lane;
                if (diagonal && b <= a) continue;
                int cj = _colOrder[b] - tile.ColumnStart;
                double r = _resR[k * W + lane], n = _resN[k * W + lane];
                Put(rntk, ri * nc + cj, r, add);
                Put(nngp, ri * nc + cj, n, add);
                if (diagonal)
                {
                    Put(rntk, cj * nc + ri, r, add);
                    Put(nngp, cj * nc + ri, n, add);
                }
            }
        }
    }

    private static void Put(Span<double> m, int index, double value, bool add)
    {
        if (add) m[index] += value;
        else m[index] = value;
    }
}
