using Rntk.Data;
using Rntk.IO;

namespace Rntk.Cli;

/// <summary>
/// Univariate sequences from a 2-D float64 .npy file (numpy.save of an N×T array): one sequence per row.
/// As in UCR files, trailing NaN are padding (rows of different lengths); NaN inside a row is an error unless
/// interpolation is asked for.
/// </summary>
public static class NpySequences
{
    public static List<Sequence> Read(string path, MissingValues missing)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No such file: {path}", path);
        var (data, rows, cols) = NpyFile.Read(path, dimensions: 2);   // N × T: a 1-D array would be ambiguous
        if (rows == 0 || cols == 0) throw new InvalidDataException($"{path}: an empty array ({rows}×{cols}).");
        var list = new List<Sequence>(rows);
        for (int i = 0; i < rows; i++)
        {
            var row = data.AsSpan(i * cols, cols);
            int last = row.Length - 1;
            while (last >= 0 && double.IsNaN(row[last])) last--;
            if (last < 0) throw new InvalidDataException($"{path}, row {i}: the series has no values (all NaN).");
            var values = row[..(last + 1)].ToArray();
            int nan = Array.FindIndex(values, double.IsNaN);
            if (nan >= 0)
            {
                if (missing == MissingValues.Error)
                    throw new InvalidDataException(
                        $"{path}, row {i}, step {nan}: NaN inside the series (only trailing NaN are padding); use --interpolate to fill gaps.");
                UcrTsvReader.Interpolate(values);
            }
            int inf = Array.FindIndex(values, double.IsInfinity);
            if (inf >= 0) throw new InvalidDataException($"{path}, row {i}, step {inf}: infinite value.");
            list.Add(Sequence.Univariate(values, $"{Path.GetFileName(path)}, row {i}"));
        }
        return list;
    }
}
