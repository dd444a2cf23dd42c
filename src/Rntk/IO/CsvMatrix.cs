using System.Globalization;

namespace Rntk.IO;

/// <summary>A matrix as CSV text, full round-trip precision ("R"), written atomically.</summary>
public static class CsvMatrix
{
    public static void Write(string path, ReadOnlySpan<double> data, int rows, int columns)
    {
        var copy = data.ToArray();
        AtomicFile.Write(path, s =>
        {
            using var w = new StreamWriter(s, leaveOpen: true);
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < columns; j++)
                {
                    if (j > 0) w.Write(',');
                    w.Write(copy[i * columns + j].ToString("R", CultureInfo.InvariantCulture));
                }
                w.Write('\n');
            }
        });
    }
}
