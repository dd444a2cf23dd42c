using Rntk.Kernels;

namespace Rntk.Gram;

/// <summary>
/// The reference recursion (<see cref="PairRecursion"/>) as a tile engine: the same values as
/// <see cref="ReferenceGram"/>, for streaming sinks and for configurations the SIMD engine does not cover.
/// </summary>
public sealed class ReferenceTileEngine : IGramTileEngine
{
    private readonly PreparedSet _rows, _columns;

    public ReferenceTileEngine(PreparedSet rows, PreparedSet? columns)
    {
        _rows = rows ?? throw new ArgumentNullException(nameof(rows));
        _columns = columns ?? rows;
        Symmetric = columns is null;
    }

    public string Name => "cpu-reference";
    public KernelConfig Config => _rows.Config;
    public int Rows => _rows.Count;
    public int Columns => _columns.Count;
    public bool Symmetric { get; }
    public IGramTileWorker CreateWorker() => new Worker(this);

    private sealed class Worker(ReferenceTileEngine e) : IGramTileWorker
    {
        public void Compute(GramTile tile, Span<double> rntk, Span<double> nngp) => Compute(tile, rntk, nngp, default);

        public void Compute(GramTile tile, Span<double> rntk, Span<double> nngp, CancellationToken ct)
        {
            bool diagonal = tile.IsDiagonal(e.Symmetric);
            int nc = tile.ColumnCount;
            for (int r = 0; r < tile.RowCount; r++)
            {
                if (ct.IsCancellationRequested) return;   // the driver throws; the tile is dropped
                int i = tile.RowStart + r;
                for (int c = diagonal ? r : 0; c < nc; c++)
                {
                    int j = tile.ColumnStart + c;
                    var v = e._rows.Pair(i, e._columns, j, same: e.Symmetric && i == j);
                    rntk[r * nc + c] = v.Rntk;
                    nngp[r * nc + c] = v.Nngp;
                    if (diagonal)
                    {
                        rntk[c * nc + r] = v.Rntk;
                        nngp[c * nc + r] = v.Nngp;
                    }
                }
            }
        }
    }
}
