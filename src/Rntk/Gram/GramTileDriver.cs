using System.Diagnostics;
using Rntk.Kernels;

namespace Rntk.Gram;

/// <summary>
/// Something that computes tiles of one Gram matrix (rows × columns of its <see cref="PreparedSet"/>s).
/// A GPU backend can implement it, or produce the same tiles its own way and feed an <see cref="IGramTileSink"/>.
/// </summary>
public interface IGramTileEngine
{
    /// <summary>Names the engine in results, e.g. "cpu-simd-512x2".</summary>
    string Name { get; }
    KernelConfig Config { get; }
    int Rows { get; }
    int Columns { get; }
    /// <summary>Rows and columns are one set; entry (i, i) is a sequence with itself.</summary>
    bool Symmetric { get; }
    /// <summary>A worker with its own scratch memory; each thread of <see cref="GramTileDriver"/> makes one.</summary>
    IGramTileWorker CreateWorker();
}

/// <summary>Computes tiles on one thread.</summary>
public interface IGramTileWorker
{
    /// <summary>
    /// Fills the row-major RowCount × ColumnCount buffers with final values (the <see cref="IGramTileSink"/>
    /// contract). The values of an entry must not depend on the tile it falls in, nor on the thread.
    /// </summary>
    void Compute(GramTile tile, Span<double> rntk, Span<double> nngp);

    /// <summary>
    /// As <see cref="Compute(GramTile, Span{double}, Span{double})"/>, stopping early when <paramref name="ct"/> is
    /// cancelled (the buffers are then incomplete and must be dropped). Workers whose tiles take milliseconds need not
    /// check; slow ones (the reference engine with a quadrature activation: a 64-row tile of long series takes
    /// minutes) check between rows.
    /// </summary>
    void Compute(GramTile tile, Span<double> rntk, Span<double> nngp, CancellationToken ct) => Compute(tile, rntk, nngp);
}

/// <summary>Runs a tile engine over a tiling on all cores (or as many as asked) and hands each tile to a sink.</summary>
public static class GramTileDriver
{
    /// <summary>Computes every tile; throws <see cref="KernelOverflowException"/> on the first non-finite entry.</summary>
    public static TimeSpan Run(
        IGramTileEngine engine, IGramTileSink sink, GramOptions options, IProgress<GramProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        var sw = Stopwatch.StartNew();
        bool symmetric = engine.Symmetric;
        // A tile larger than the matrix would only allocate more: cap it at the larger side.
        int size = Math.Min(options.TileSize ?? GramTiling.SizeFor(engine.Rows, engine.Columns, symmetric), Math.Max(engine.Rows, engine.Columns));
        var tiles = GramTiling.Plan(engine.Rows, engine.Columns, symmetric, size);
        long total = tiles.Sum(t => t.Pairs(symmetric)), done = 0;
        var po = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1 };
        Parallel.For(0, tiles.Length, po,
            () => (Worker: engine.CreateWorker(), R: new double[size * size], N: new double[size * size]),
            (k, _, local) =>
            {
                ct.ThrowIfCancellationRequested();
                var tile = tiles[k];
                int n = tile.RowCount * tile.ColumnCount;
                var r = local.R.AsSpan(0, n);
                var nn = local.N.AsSpan(0, n);
                local.Worker.Compute(tile, r, nn, ct);
                ct.ThrowIfCancellationRequested();   // a worker that stopped early left the tile incomplete
                CheckFinite(engine.Config, tile, r, nn);
                sink.Accept(tile, r, nn);
                long now = Interlocked.Add(ref done, tile.Pairs(symmetric));
                progress?.Report(new GramProgress(now, total));
                return local;
            },
            _ => { });
        return sw.Elapsed;
    }

    /// <summary>Throws <see cref="KernelOverflowException"/> naming the tile's first non-finite entry (also used by the GPU engine).</summary>
    internal static void CheckFinite(KernelConfig cfg, GramTile tile, ReadOnlySpan<double> r, ReadOnlySpan<double> n)
    {
        for (int k = 0; k < r.Length; k++)
        {
            if (double.IsFinite(r[k]) && double.IsFinite(n[k])) continue;
            int i = tile.RowStart + k / tile.ColumnCount, j = tile.ColumnStart + k % tile.ColumnCount;
            throw KernelOverflowException.ForPair(cfg, i, j, new KernelValue(r[k], n[k]));
        }
    }
}
