using System.Diagnostics;
using Rntk.Kernels;

namespace Rntk.Gram;

/// <summary>
/// The reference Gram engine: every entry from <see cref="PairRecursion"/>, rows spread over all cores.
/// Each entry is computed independently, so the result is bit-identical whatever the thread count.
/// </summary>
public static class ReferenceGram
{
    public static GramResult Compute(
        PreparedSet rows, PreparedSet? columns, GramOptions options, IProgress<GramProgress>? progress, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        bool symmetric = columns is null;
        var cols = columns ?? rows;
        int n = rows.Count, m = cols.Count;
        var rntk = new KernelMatrix(n, m);
        var nngp = new KernelMatrix(n, m);
        long total = symmetric ? (long)n * (n + 1) / 2 : (long)n * m;
        long done = 0;
        Parallelism.For(0, n, options.MaxDegreeOfParallelism, i =>
        {
            int j0 = symmetric ? i : 0;
            for (int j = j0; j < m; j++)
            {
                var v = rows.Pair(i, cols, j, same: symmetric && i == j);
                if (!double.IsFinite(v.Rntk) || !double.IsFinite(v.Nngp))
                    throw KernelOverflowException.ForPair(rows.Config, i, j, v);
                rntk[i, j] = v.Rntk;
                nngp[i, j] = v.Nngp;
                if (symmetric)
                {
                    rntk[j, i] = v.Rntk;
                    nngp[j, i] = v.Nngp;
                }
            }
            long now = Interlocked.Add(ref done, m - j0);
            progress?.Report(new GramProgress(now, total));
        }, ct);
        return new GramResult(rntk, nngp, "cpu-reference", sw.Elapsed);
    }
}
