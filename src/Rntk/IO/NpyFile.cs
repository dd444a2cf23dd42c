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

    /// <summary>Reads a 2-D '&lt;f8' C-order file (what <see cref="Write"/> writes, or numpy.save of a float64 matrix).</summary>
    public static (double[] Data, int Rows, int Columns) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
            throw new InvalidDataException($"{path} is not a .npy file.");
        int major = bytes[6];
        int hlen = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        int start = major == 1 ? 10 : 12;
        string h = Encoding.ASCII.GetString(bytes, start, hlen);
        if (!h.Contains("'<f8'") || h.Contains("'fortran_order': True"))
            throw new InvalidDataException($"{path}: only little-endian float64 in C order is supported.");
        int a = h.IndexOf('(') + 1, b = h.IndexOf(')');
        var dims = h[a..b].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        if (dims.Length > 2)
            throw new InvalidDataException($"{path}: a {dims.Length}-dimensional array ({h[a..b]}); only 1-D or 2-D float64 arrays are read.");
        int rows = dims.Length > 0 ? dims[0] : 1, cols = dims.Length > 1 ? dims[1] : 1;
        int off = start + hlen;
        if (bytes.Length - off != 8L * rows * cols) throw new InvalidDataException($"{path}: truncated data.");
        var data = new double[rows * cols];
        for (int i = 0; i < data.Length; i++) data[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(off + 8 * i));
        return (data, rows, cols);
    }
}
