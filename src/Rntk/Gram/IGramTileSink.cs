namespace Rntk.Gram;

/// <summary>
/// Receives finished tiles of a Gram matrix. Engines call <see cref="Accept"/> from several threads at once, each
/// time with a different tile, so an implementation only needs to keep distinct tiles apart.
/// </summary>
/// <remarks>
/// The contract every engine keeps (the CPU engines here and a GPU backend alike): the rntk and nngp buffers of
/// <see cref="Accept"/> are row-major RowCount × ColumnCount buffers whose every entry is final (for a diagonal
/// tile of a symmetric Gram both triangles and the diagonal). For a symmetric Gram the sink stores the transpose
/// of an off-diagonal tile as well. The buffers are only valid during the call.
/// </remarks>
public interface IGramTileSink
{
    void Accept(GramTile tile, ReadOnlySpan<double> rntk, ReadOnlySpan<double> nngp);
}

/// <summary>Collects tiles into two in-memory <see cref="KernelMatrix"/> (RNTK and NNGP).</summary>
public sealed class KernelMatrixSink : IGramTileSink
{
    private readonly bool _symmetric;
    public KernelMatrix Rntk { get; }
    public KernelMatrix Nngp { get; }

    public KernelMatrixSink(int rows, int columns, bool symmetric)
    {
        if (symmetric && rows != columns) throw new ArgumentException($"A symmetric Gram is square (got {rows} × {columns}).");
        _symmetric = symmetric;
        Rntk = new KernelMatrix(rows, columns);
        Nngp = new KernelMatrix(rows, columns);
    }

    public void Accept(GramTile tile, ReadOnlySpan<double> rntk, ReadOnlySpan<double> nngp)
    {
        Store(Rntk, tile, rntk);
        Store(Nngp, tile, nngp);
    }

    private void Store(KernelMatrix m, GramTile tile, ReadOnlySpan<double> values)
    {
        int nc = tile.ColumnCount, cols = m.Columns;
        for (int r = 0; r < tile.RowCount; r++)
            values.Slice(r * nc, nc).CopyTo(m.Data.AsSpan((tile.RowStart + r) * cols + tile.ColumnStart, nc));
        if (!_symmetric || tile.IsDiagonal(true)) return;
        for (int c = 0; c < nc; c++)
        {
            var row = m.Data.AsSpan((tile.ColumnStart + c) * cols + tile.RowStart, tile.RowCount);
            for (int r = 0; r < tile.RowCount; r++) row[r] = values[r * nc + c];
        }
    }
}
