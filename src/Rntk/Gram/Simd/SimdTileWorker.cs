using Rntk.Kernels;

namespace Rntk.Gram.Simd;

/// <summary>
/// Computes tiles for <see cref="SimdGram"/> on one thread. Inside a tile, rows and columns are visited in order of
/// length (so lanes of one vector mostly share a length and rarely need masking); columns go into
/// <see cref="LaneBlock"/>s of one vector each, and up to <see cref="RowGroup.Max"/> rows run against a block at once.
/// </summary>
internal sealed class SimdTileWorker<TV, TD> : IGramTileWorker
    where TV : unmanaged, ISimdVector<TV> where TD : ISimdDual
{
    private readonly SimdGram _e;
    private readonly LaneBlock _block;
    private readonly RowGroup _group = new();
    private readonly TV[] _outR = new TV[RowGroup.Max], _outN = new TV[RowGroup.Max];
    private readonly TV[] _sumR = new TV[RowGroup.Max], _sumN = new TV[RowGroup.Max];
    private readonly double[] _lane = new double[64];
    private int[] _rowOrder = [], _colOrder = [];

    public SimdTileWorker(SimdGram engine)
    {
        _e = engine;
        _block = new LaneBlock(TV.Count, engine.Config.Layers, engine.RowSet.Channels);
    }

    public void Compute(GramTile tile, Span<double> rntk, Span<double> nngp)
    {
        bool diagonal = tile.IsDiagonal(_e.Symmetric);
        var rowSeries0 = _e.RowSeries[0];
        _rowOrder = ByLength(rowSeries0.Lengths, tile.RowStart, tile.RowCount, _rowOrder);
        _colOrder = diagonal ? _rowOrder : ByLength(_e.ColumnSeries[0].Lengths, tile.ColumnStart, tile.ColumnCount, _colOrder);
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

    private void ComputeDirection(
        GramTile tile, bool diagonal, SimdSeries rows, SimdSeries cols, bool add, Span<double> rntk, Span<double> nngp)
    {
        var cp = _e.Params;
        bool avg = _e.Config.Readout == Readout.AveragePooling;
        int W = TV.Count, nc = tile.ColumnCount, nCols = _colOrder.Length;
        var g = _group;
        for (int b0 = 0; b0 < nCols; b0 += W)
        {
            int count = Math.Min(W, nCols - b0);
            _block.Fill(cols, _colOrder.AsSpan(b0, count));
            int P = _block.P;
            // On a diagonal tile, row position a needs only the column positions b > a (the transposes are stored too).
            int aEnd = diagonal ? Math.Min(_rowOrder.Length, b0 + count - 1) : _rowOrder.Length;
            for (int a0 = 0; a0 < aEnd; a0 += RowGroup.Max)
            {
                g.Count = Math.Min(RowGroup.Max, aEnd - a0);
                int maxT = 0;
                for (int k = 0; k < g.Count; k++)
                {
                    int s = _rowOrder[a0 + k];
                    g.T[k] = rows.Lengths[s];
                    g.X[k] = rows.Values[s];
                    g.C1[k] = rows.C1[s];
                    g.C2[k] = rows.C2[s];
                    maxT = Math.Max(maxT, g.T[k]);
                }
                if (!avg)
                {
                    // §4: the last steps meet (end alignment); row g's chain covers positions [max(P − T, 0), P).
                    for (int k = 0; k < g.Count; k++)
                    {
                        g.E[k] = P - g.T[k];
                        g.PLo[k] = Math.Max(g.E[k], 0);
                        g.PHi[k] = P;
                    }
                    ChainKernel.Run<TV, TD>(cp, g, _block, sum: false, _outR, _outN);
                }
                else
                {
                    // §5: one chain per diagonal e (row step t meets block position t + e), summed in increasing
                    // order of the reference's d = t′ − t, each chain's own sum first.
                    for (int k = 0; k < g.Count; k++)
                    {
                        _sumR[k] = TV.Broadcast(0.0);
                        _sumN[k] = TV.Broadcast(0.0);
                    }
                    for (int e = 1 - maxT; e < P; e++)
                    {
                        for (int k = 0; k < g.Count; k++)
                        {
                            g.E[k] = e;
                            g.PLo[k] = Math.Max(e, 0);
                            g.PHi[k] = Math.Min(g.T[k] + e, P);
                        }
                        ChainKernel.Run<TV, TD>(cp, g, _block, sum: true, _outR, _outN);
                        for (int k = 0; k < g.Count; k++)
                        {
                            _sumR[k] = _sumR[k] + _outR[k];
                            _sumN[k] = _sumN[k] + _outN[k];
                        }
                    }
                    for (int k = 0; k < g.Count; k++)
                    {
                        _outR[k] = _sumR[k];
                        _outN[k] = _sumN[k];
                    }
                }
                Store(tile, diagonal, a0, b0, count, cols, add, avg, rntk, nngp, nc);
            }
        }
    }

    private void Store(GramTile tile, bool diagonal, int a0, int b0, int count, SimdSeries cols, bool add, bool avg,
        Span<double> rntk, Span<double> nngp, int nc)
    {
        var g = _group;
        Span<double> laneR = _lane.AsSpan(0, TV.Count), laneN = _lane.AsSpan(32, TV.Count);
        for (int k = 0; k < g.Count; k++)
        {
            TV.Store(_outR[k], ref laneR[0]);
            TV.Store(_outN[k], ref laneN[0]);
            int a = a0 + k, i = _rowOrder[a];
            for (int lane = 0; lane < count; lane++)
            {
                int b = b0 + lane;
                if (diagonal && b <= a) continue;
                int j = _colOrder[b];
                double r = laneR[lane], n = laneN[lane];
                if (avg)
                {
                    // The reference's normalisation, in its order: the sums times 1/(T·T′).
                    double inv = 1.0 / ((double)g.T[k] * cols.Lengths[j]);
                    r *= inv;
                    n *= inv;
                }
                int ri = i - tile.RowStart, cj = j - tile.ColumnStart;
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
