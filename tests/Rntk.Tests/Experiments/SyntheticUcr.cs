using System.Globalization;
using System.Text;

namespace Rntk.Tests.Experiments;

/// <summary>
/// A small two-class dataset of variable-length series in the archive's layout (dir/Name/Name_TRAIN.tsv, label first,
/// NaN padding), for runner tests that must be fast: the classes differ in period, the lengths vary 6..40 steps, and
/// the noise keeps the accuracies away from 1, so differences between kernels show.
/// </summary>
internal static class SyntheticUcr
{
    /// <param name="minLength">Shortest series (default 6).</param>
    /// <param name="maxLength">Longest series (default 40; equal to <paramref name="minLength"/>: a fixed-length dataset).</param>
    public static void Write(string dir, string name, int train = 24, int test = 24, int seed = 1, int minLength = 6, int maxLength = 40)
    {
        var rng = new Random(seed);
        Directory.CreateDirectory(Path.Combine(dir, name));
        File.WriteAllText(Path.Combine(dir, name, $"{name}_TRAIN.tsv"), Split(rng, train, minLength, maxLength));
        File.WriteAllText(Path.Combine(dir, name, $"{name}_TEST.tsv"), Split(rng, test, minLength, maxLength));
    }

    private static string Split(Random rng, int n, int minLength, int maxLength)
    {
        var rows = new List<double[]>();
        var labels = new List<int>();
        for (int i = 0; i < n; i++)
        {
            int c = i % 2, T = rng.Next(minLength, maxLength + 1);
            double period = c == 0 ? 9 : 6, phase = rng.NextDouble() * 2 * Math.PI;
            var v = new double[T];
            for (int t = 0; t < T; t++) v[t] = Math.Sin(2 * Math.PI * t / period + phase) + 0.9 * Gaussian(rng);
            rows.Add(v);
            labels.Add(c + 1);
        }
        int max = rows.Max(r => r.Length);
        var sb = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            sb.Append(labels[i].ToString(CultureInfo.InvariantCulture));
            for (int t = 0; t < max; t++)
                sb.Append('\t').Append(t < rows[i].Length ? rows[i][t].ToString("R", CultureInfo.InvariantCulture) : "NaN");
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
