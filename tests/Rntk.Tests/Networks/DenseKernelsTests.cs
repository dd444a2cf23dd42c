using Rntk.Networks;

namespace Rntk.Tests.Networks;

/// <summary>The register-blocked product against the textbook triple loop, on shapes that hit every edge case.</summary>
public class DenseKernelsTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 4, 8)]
    [InlineData(3, 5, 7)]     // odd rows, a partial column block, K not a multiple of the vector width
    [InlineData(8, 9, 33)]
    [InlineData(5, 13, 2)]    // K below the vector width: scalar tail only
    public void MultiplyTransposedMatchesTheDefinition(int m, int p, int k)
    {
        var rng = new Random(m * 100 + p * 10 + k);
        var a = Enumerable.Range(0, m * k).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var b = Enumerable.Range(0, p * k).Select(_ => rng.NextDouble() - 0.5).ToArray();
        int ldc = p + 2; // a wider output stride: the gap must stay untouched
        var c = Enumerable.Repeat(1.0, m * ldc).ToArray();
        var c0 = (double[])c.Clone();

        DenseKernels.MultiplyTransposed(a, m, b, p, k, c, ldc, alpha: 0.7, accumulate: true);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                if (j >= p) { Assert.Equal(c0[i * ldc + j], c[i * ldc + j]); continue; }
                double s = 0;
                for (int t = 0; t < k; t++) s += a[i * k + t] * b[j * k + t];
                Assert.Equal(1.0 + 0.7 * s, c[i * ldc + j], 1e-13);
            }
        }

        DenseKernels.MultiplyTransposed(a, m, b, p, k, c, ldc, alpha: 1, accumulate: false);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < p; j++)
                Assert.Equal(DenseKernels.Dot(a.AsSpan(i * k, k), b.AsSpan(j * k, k)), c[i * ldc + j], 1e-13);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 4, 8)]
    [InlineData(5, 7, 9)]     // K not a multiple of 4, P not a multiple of the vector width
    [InlineData(2, 2, 3)]
    public void MultiplyAddMatchesTheDefinition(int m, int k, int p)
    {
        var rng = new Random(m * 100 + k * 10 + p);
        var a = Enumerable.Range(0, m * k).Select(_ => rng.NextDouble() - 0.5).ToArray();
        a[0] = 0; // zero rows of A are skipped: the result must not change
        var b = Enumerable.Range(0, k * p).Select(_ => rng.NextDouble() - 0.5).ToArray();
        int ldc = p + 1;
        var c = Enumerable.Range(0, m * ldc).Select(i => (double)i).ToArray();
        DenseKernels.MultiplyAdd(a, m, b, k, p, c, ldc, alpha: -1.5);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                double s = 0;
                if (j < p) for (int t = 0; t < k; t++) s += a[i * k + t] * b[t * p + j];
                Assert.Equal(i * ldc + j - 1.5 * s, c[i * ldc + j], 1e-13);
            }
        }
    }
}
