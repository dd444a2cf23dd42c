using System.Buffers.Binary;
using System.Text;

namespace Rntk.IO;

/// <summary>
/// NumPy .npy version 1.0 files of little-endian float64 ('&lt;f8'), C order: loadable by <c>numpy.load</c>.
/// Writes are atomic (<see cref="AtomicFile"/>).
/// </summary>
public static class NpyFile
{
    /// <summary>The header (magic, version, length, dict, padding to a multiple of 64 bytes).</summary>
    public static byte[] Header(long rows, long columns)
    {
        string dict = $"{{'descr': '<f8', 'fortran_order': False, 'shape': ({rows}, {columns}), }}";
        int total = 10 + dict.Length + 1;
        int pad = (64 - total % 64) % 64;
        string h = dict + new string(' ', pad) + "\n";
        var bytes = new byte[10 + h.Length];
        bytes[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY").CopyTo(bytes, 1);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)h.Length);
        Encoding.ASCII.GetBytes(h).CopyTo(bytes, 10);
        return bytes;
    }

    /// <summary>Writes a rows × columns row-major matrix.</summary>
    public static void Write(string path, ReadOnlySpan<double> data, int rows, int columns)
    {
        if ((long)rows * columns != data.Length) throw new ArgumentException("Data length does not match the shape.");
        var copy = data.ToArray();
        AtomicFile.Write(path, s =>
        {
            s.Write(Header(rows, columns));
            var buf = new byte[8 * 4096];
            for (int i = 0; i < copy.Length; i += 4096)
            {
                int n = Math.Min(4096, copy.Length - i);
                for (int k = 0; k < n; k++) BinaryPrimitives.WriteDoubleLittleEndian(buf.AsSpan(8 * k), copy[i + k]);
                s.Write(buf, 0, 8 * n);
            }
        });
    }

    /// <summary>
    /// Reads a '&lt;f8' C-order file (what <see cref="Write"/> writes, or numpy.save of a float64 matrix): a 2-D array
    /// as rows × columns, a 1-D one as n × 1, a 0-D one as 1 × 1. <paramref name="dimensions"/>: the number of
    /// dimensions required (null: any of 0, 1, 2). A malformed file is an <see cref="InvalidDataException"/> naming it.
    /// </summary>
    public static (double[] Data, int Rows, int Columns) Read(string path, int? dimensions = null)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
            throw new InvalidDataException($"{path} is not a .npy file.");
        int major = bytes[6];
        int start = major == 1 ? 10 : 12;
        long hlen = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : bytes.Length >= 12 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)) : -1;
        if (hlen < 0 || start + hlen > bytes.Length)
            throw new InvalidDataException($"{path}: the header is cut off (the file is not a complete .npy file).");
        string h = Encoding.ASCII.GetString(bytes, start, (int)hlen);
        if (!h.Contains("'<f8'") || h.Contains("'fortran_order': True"))
            throw new InvalidDataException($"{path}: only little-endian float64 in C order is supported.");
        var dims = Shape(path, h);
        if (dimensions is { } want && dims.Length != want)
            throw new InvalidDataException($"{path}: a {dims.Length}-dimensional array ({string.Join(", ", dims)}); a {want}-D array is needed.");
        if (dims.Length > 2)
            throw new InvalidDataException($"{path}: a {dims.Length}-dimensional array ({string.Join(", ", dims)}); only 1-D or 2-D float64 arrays are read.");
        long rowsL = dims.Length > 0 ? dims[0] : 1, colsL = dims.Length > 1 ? dims[1] : 1;
        if (rowsL > int.MaxValue || colsL > int.MaxValue || (colsL > 0 && rowsL > Array.MaxLength / colsL))
            throw new InvalidDataException($"{path}: shape ({rowsL}, {colsL}) is larger than an array can hold.");
        int rows = (int)rowsL, cols = (int)colsL;
        long off = start + hlen, expected = 8L * rows * cols, actual = bytes.Length - off;
        if (actual < expected) throw new InvalidDataException($"{path}: truncated data ({actual} bytes for a {rows}×{cols} float64 array of {expected}).");
        if (actual > expected) throw new InvalidDataException($"{path}: {actual - expected} bytes after the {rows}×{cols} float64 array (a damaged file?).");
        var data = new double[rows * cols];
        for (int i = 0; i < data.Length; i++) data[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan((int)off + 8 * i));
        return (data, rows, cols);
    }

    /// <summary>The 'shape' tuple of a header dict, e.g. "(200, 150)" → [200, 150]; "()" → [].</summary>
    private static long[] Shape(string path, string header)
    {
        int key = header.IndexOf("'shape'", StringComparison.Ordinal);
        int a = key < 0 ? -1 : header.IndexOf('(', key), b = a < 0 ? -1 : header.IndexOf(')', a);
        if (b < 0) throw new InvalidDataException($"{path}: the header has no shape.");
        var parts = header[(a + 1)..b].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var dims = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!long.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out dims[i]))
                throw new InvalidDataException($"{path}: the shape ({header[(a + 1)..b]}) is not a tuple of non-negative integers.");
        return dims;
    }
}
