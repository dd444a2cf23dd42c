using System.IO.MemoryMappedFiles;

namespace Rntk.IO;

/// <summary>
/// A float64 .npy matrix too large for memory: created at its full size (sparse where the file system allows),
/// filled through a memory map in any order and from several threads (distinct regions), and made visible
/// atomically by <see cref="Commit"/> (flushed, then renamed over the target). Disposed without a commit, the
/// temporary file is deleted and the target is left as it was.
/// </summary>
public sealed unsafe class MappedNpyWriter : IDisposable
{
    private readonly string _tmp;
    private MemoryMappedFile? _map;
    private MemoryMappedViewAccessor? _view;
    private byte* _base;
    private double* _data;
    private bool _committed;

    public string Path { get; }
    public long Rows { get; }
    public long Columns { get; }

    public MappedNpyWriter(string path, long rows, long columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (rows < 1 || columns < 1) throw new ArgumentOutOfRangeException(nameof(rows), $"A matrix needs at least one row and column (got {rows} × {columns}).");
        if (!BitConverter.IsLittleEndian) throw new NotSupportedException("Memory-mapped .npy output needs a little-endian machine.");
        Path = System.IO.Path.GetFullPath(path);
        Rows = rows;
        Columns = columns;
        string dir = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(dir);
        _tmp = System.IO.Path.Combine(dir, $".{System.IO.Path.GetFileName(Path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        byte[] header = NpyFile.Header(rows, columns);
        long length = header.Length + checked(8 * rows * columns);
        try
        {
            var fs = new FileStream(_tmp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            try
            {
                fs.SetLength(length);
                fs.Write(header);
            }
            catch
            {
                fs.Dispose();
                throw;
            }
            _map = MemoryMappedFile.CreateFromFile(fs, null, 0, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
            _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.ReadWrite);
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref _base);
            _data = (double*)(_base + _view.PointerOffset + header.Length);
        }
        catch
        {
            Close();
            TryDelete();
            throw;
        }
    }

    /// <summary>Writes <paramref name="values"/> into row <paramref name="row"/> from column <paramref name="column"/> on.</summary>
    public void Write(long row, long column, ReadOnlySpan<double> values)
    {
        Check(row, column, values.Length);
        values.CopyTo(new Span<double>(_data + row * Columns + column, values.Length));
    }

    /// <summary>Reads back part of a row (written or not: unwritten entries are 0).</summary>
    public void Read(long row, long column, Span<double> destination)
    {
        Check(row, column, destination.Length);
        new ReadOnlySpan<double>(_data + row * Columns + column, destination.Length).CopyTo(destination);
    }

    private void Check(long row, long column, int count)
    {
        ObjectDisposedException.ThrowIf(_view is null, this);
        if (row < 0 || row >= Rows || column < 0 || count < 0 || column + count > Columns)
            throw new ArgumentOutOfRangeException(nameof(row), $"Row {row}, columns [{column}, {column + count}) lie outside a {Rows} × {Columns} matrix.");
    }

    /// <summary>Flushes everything to disk and renames the file over <see cref="Path"/>.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_view is null, this);
        _view.Flush();
        Close();
        using (var fs = new FileStream(_tmp, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) fs.Flush(flushToDisk: true);
        File.Move(_tmp, Path, overwrite: true);
        _committed = true;
    }

    private void Close()
    {
        if (_base != null)
        {
            _view!.SafeMemoryMappedViewHandle.ReleasePointer();
            _base = null;
            _data = null;
        }
        _view?.Dispose();
        _view = null;
        _map?.Dispose();
        _map = null;
    }

    private void TryDelete()
    {
        try { File.Delete(_tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        Close();
        if (!_committed) TryDelete();
    }
}
