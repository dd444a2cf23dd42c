using Rntk.IO;
using Rntk.Kernels;

namespace Rntk.Gram;

/// <summary>
/// Streams one kernel's tiles into a memory-mapped .npy file (<see cref="MappedNpyWriter"/>): the Gram never has
/// to fit in memory, only on disk. Call <see cref="Commit"/> when the engine has finished; dispose always.
/// </summary>
public sealed class NpyTileSink : IGramTileSink, IDisposable
{
    private readonly MappedNpyWriter _writer;
    private readonly bool _symmetric;

    public KernelKind Kind { get; }
    public MappedNpyWriter Writer => _writer;

    public NpyTileSink(string path, int rows, int columns, bool symmetric, KernelKind kind)
    {
        if (symmetric && rows != columns) throw new ArgumentException($"A symmetric Gram is square (got {rows} × {columns}).");
        _writer = new MappedNpyWriter(path, rows, columns);
        _symmetric = symmetric;
        Kind = kind;
    }

    public void Accept(GramTile tile, ReadOnlySpan<double> rntk, ReadOnlySpan<double> nngp)
    {
        var values = Kind == KernelKind.Rntk ? rntk : nngp;
        int nc = tile.ColumnCount;
        for (int r = 0; r < tile.RowCount; r++)
            _writer.Write(tile.RowStart + r, tile.ColumnStart, values.Slice(r * nc, nc));
        if (!_symmetric || tile.IsDiagonal(true)) return;
        Span<double> column = tile.RowCount <= 256 ? stackalloc double[tile.RowCount] : new double[tile.RowCount];
        for (int c = 0; c < nc; c++)
        {
            for (int r = 0; r < tile.RowCount; r++) column[r] = values[r * nc + c];
            _writer.Write(tile.ColumnStart + c, tile.RowStart, column);
        }
    }

    /// <summary>The sum of all entries, row by row (the same order, hence value, as <see cref="KernelMatrix.Sum"/>).</summary>
    public double Sum()
    {
        var row = new double[_writer.Columns];
        double s = 0;
        for (long i = 0; i < _writer.Rows; i++)
        {
            _writer.Read(i, 0, row);
            foreach (var v in row) s += v;
        }
        return s;
    }

    /// <summary>Entry (i, j), read back from the file.</summary>
    public double this[long i, long j]
    {
        get
        {
            Span<double> one = stackalloc double[1];
            _writer.Read(i, j, one);
            return one[0];
        }
    }

    public void Commit() => _writer.Commit();
    public void Dispose() => _writer.Dispose();
}
