using Rntk.Gram;

namespace Rntk.Tests.Gram;

internal static class GramAssert
{
    /// <summary>
    /// Every entry within <paramref name="tol"/> relative of the reference. An entry far below its Cauchy–Schwarz
    /// bound √(k(x,x)·k(y,y)) is a cancellation of larger terms (erf kernels of zero-mean data cross zero), where
    /// the reference itself is only accurate to rounding of that bound; those entries are compared relative to
    /// 1e-3 of the bound instead (still 1e-15 of the bound at tol = 1e-12).
    /// </summary>
    public static void Close(KernelMatrix expected, KernelMatrix actual, double[] rowSelf, double[] colSelf, double tol, string what)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Columns, actual.Columns);
        double worst = 0;
        int wi = -1, wj = -1;
        for (int i = 0; i < expected.Rows; i++)
        {
            for (int j = 0; j < expected.Columns; j++)
            {
                double e = expected[i, j], a = actual[i, j];
                double scale = Math.Max(Math.Abs(e), 1e-3 * Math.Sqrt(Math.Abs(rowSelf[i] * colSelf[j])));
                double err = Math.Abs(a - e) / Math.Max(scale, 1e-300);
                if (double.IsNaN(a) || err > worst)
                {
                    worst = double.IsNaN(a) ? double.PositiveInfinity : err;
                    wi = i;
                    wj = j;
                }
            }
        }
        Assert.True(worst <= tol, $"{what}: entry ({wi}, {wj}) expected {expected[Math.Max(wi, 0), Math.Max(wj, 0)]:R}, " +
            $"got {actual[Math.Max(wi, 0), Math.Max(wj, 0)]:R}: relative error {worst:G3} > {tol:G3}");
    }

    public static double[] Diagonal(KernelMatrix m) => Enumerable.Range(0, m.Rows).Select(i => m[i, i]).ToArray();

    public static void BitIdentical(KernelMatrix expected, KernelMatrix actual, string what)
    {
        Assert.Equal(expected.Data.Length, actual.Data.Length);
        for (int k = 0; k < expected.Data.Length; k++)
        {
            if (BitConverter.DoubleToInt64Bits(expected.Data[k]) != BitConverter.DoubleToInt64Bits(actual.Data[k]))
                Assert.Fail($"{what}: entry ({k / expected.Columns}, {k % expected.Columns}) differs: {expected.Data[k]:R} vs {actual.Data[k]:R}");
        }
    }
}
