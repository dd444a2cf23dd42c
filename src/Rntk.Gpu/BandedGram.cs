using ILGPU;
using ILGPU.Runtime;
using Rntk.Gram;
using Rntk.Kernels;

namespace Rntk.Gpu;

using PairKernelDelegate = Action<AcceleratorStream, Index1D, PairKernelParams, ArrayView<double>, ArrayView<double>,
    ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>>;

/// <summary>
/// One Gram computation on an accelerator, band by band: a band is a block of consecutive rows (for a symmetric
/// Gram only its columns j ≥ first row), computed by one launch per direction into device buffers sized to fit,
/// copied to a host staging array and filed while the device computes the next band — either scattered into two
/// in-memory matrices (<see cref="Run"/>; a symmetric Gram's lower triangle is mirrored from the upper one at the end,
/// as the reference engine does, so the result is exactly symmetric) or cut into tiles for an
/// <see cref="IGramTileSink"/> (<see cref="RunInto"/>; e.g. a memory-mapped .npy, so that N is limited by the disk).
/// </summary>
/// <remarks>Bands matter beyond a few thousand sequences: N = 8192 needs 1 GiB for both outputs, N = 32768 16 GiB.</remarks>
internal sealed class BandedGram(
    IlgpuGramEngine engine, Accelerator acc, PairKernelDelegate kernel, PreparedSet rows, PreparedSet? columns,
    IProgress<GramProgress>? progress, CancellationToken ct)
{
    /// <summary>Where the time went (seconds): waiting for the device's launches, copies back, host work.</summary>
    public GpuRunTimes Times { get; private set; } = new(0, 0, 0, 0, 0);

    /// <summary>Both matrices in memory.</summary>
    public (KernelMatrix Rntk, KernelMatrix Nngp) Run()
    {
        _started = System.Diagnostics.Stopwatch.GetTimestamp();
        bool symmetric = columns is null;
        int n = rows.Count, m = (columns ?? rows).Count;
        // Every entry is written below (the bands cover the upper triangle and, for a cross Gram, everything; the
        // mirror the rest), so the storage need not be zeroed first: that would touch a gigabyte on one thread.
        var rntk = KernelMatrix.Uninitialized(n, m);
        var nngp = KernelMatrix.Uninitialized(n, m);
        RunBands((band, stageR, stageN, total, done) => Scatter(band, stageR, stageN, rntk, nngp, symmetric, total, done), () =>
        {
            if (!symmetric) return;
            ct.ThrowIfCancellationRequested();
            MirrorUpper(rntk.Data, n);
            MirrorUpper(nngp.Data, n);
        });
        return (rntk, nngp);
    }

    /// <summary>
    /// Every entry into <paramref name="sink"/>, as tiles of at most <see cref="IlgpuGramEngine.SinkTile"/>² (the sink's contract:
    /// diagonal tiles with both triangles; for a symmetric Gram the sink stores the transposes of the others).
    /// </summary>
    public void RunInto(IGramTileSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _started = System.Diagnostics.Stopwatch.GetTimestamp();
        bool symmetric = columns is null;
        RunBands((band, stageR, stageN, total, done) => FileTiles(band, stageR, stageN, sink, symmetric, total, done), () => { });
    }

    /// <summary>The edge of the tiles <see cref="RunInto"/> hands to a sink (the engine's; 256 by default).</summary>
    private int SinkTile => engine.SinkTile;

    /// <summary>When <see cref="Run"/> or <see cref="RunInto"/> began: the total time includes allocating the result.</summary>
    private long _started;

    private delegate long FileBand((int R0, int Count, int C0, int Width) band, double[] stageR, double[] stageN, long total, long done);

    private void RunBands(FileBand file, Action finish)
    {
        double deviceSec = 0, copySec = 0, hostSec = 0;
        int bands = 0;
        var cfg = rows.Config;
        bool symmetric = columns is null;
        var cols = columns ?? rows;
        int n = rows.Count, m = cols.Count;
        bool bi = cfg.Direction == Direction.Bidirectional;

        using var forward = PackedSet.Create(acc, cfg.Layers, rows.Sequences, rows.Chains,
            columns?.Sequences, columns?.Chains);
        using var reversed = bi
            ? PackedSet.Create(acc, cfg.Layers, rows.Reversed!, rows.ReversedChains!, columns?.Reversed, columns?.ReversedChains)
            : null;

        // Band height: about an eighth of the rows (at least 256), so that the host files one band while the device
        // computes the next, and a symmetric Gram's bands copy back little of the lower triangle they do not compute;
        // both output buffers of a band within the budget; its thread count within Index1D (int).
        long perRow = 2L * sizeof(double) * m;
        int bandRows = Math.Max((n + 7) / 8, Math.Min(n, 256));
        bandRows = (int)Math.Clamp(Math.Min(bandRows, engine.BandBytesFor(acc) / perRow), 1, n);
        bandRows = (int)Math.Min(bandRows, int.MaxValue / m);
        long bandLength = (long)bandRows * m;
        using var outR = acc.Allocate1D<double>(bandLength);
        using var outN = acc.Allocate1D<double>(bandLength);
        // Page-locked staging, kept by the engine between Grams: the copy back runs at the bus's speed (pageable
        // memory goes through the driver's own bounce buffer at a fraction of it), and is allocated and locked once.
        var staging = engine.StagingFor(acc, bandLength);
        double[] stageR = staging.Rntk, stageN = staging.Nngp;

        var p = new PairKernelParams
        {
            Layers = cfg.Layers,
            Channels = rows.Channels,
            Activation = cfg.Activation is ReluActivation ? PairKernel.Relu : PairKernel.Erf,
            SharedInitialState = cfg.InitialState == InitialState.Shared ? 1 : 0,
            AveragePooling = cfg.Readout == Readout.AveragePooling ? 1 : 0,
            Symmetric = symmetric ? 1 : 0,
            Sw2 = cfg.SigmaW * cfg.SigmaW,
            Su2 = cfg.SigmaU * cfg.SigmaU,
            Sb2 = cfg.SigmaB * cfg.SigmaB,
            Sv2 = cfg.SigmaV * cfg.SigmaV,
            Sh2 = cfg.SigmaH * cfg.SigmaH,
            InvM = 1.0 / rows.Channels,
        };

        long total = symmetric ? (long)n * (n + 1) / 2 : (long)n * m;
        long done = 0;
        var stream = acc.DefaultStream;
        (int R0, int Count, int C0, int Width)? staged = null;
        for (int r0 = 0; r0 < n; r0 += bandRows)
        {
            ct.ThrowIfCancellationRequested();
            int count = Math.Min(bandRows, n - r0);
            int c0 = symmetric ? r0 : 0, width = m - c0;
            p.RowStart = r0;
            p.ColumnStart = symmetric ? r0 : n; // a cross Gram packs the columns after the n rows
            p.ColumnCount = width;
            int threads = count * width;
            var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            p.Accumulate = 0;
            Launch(stream, threads, p, forward, outR, outN);
            if (reversed is not null)
            {
                p.Accumulate = 1;
                Launch(stream, threads, p, reversed, outR, outN);
            }

            // While the device works on this band, the host files the previous one. If filing throws (an overflow, a
            // cancellation), wait for the launched band before the buffers it writes are disposed.
            if (staged is { } prev)
            {
                var th = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    done += file(prev, stageR, stageN, total, done);
                }
                catch
                {
                    stream.Synchronize();
                    throw;
                }
                hostSec += System.Diagnostics.Stopwatch.GetElapsedTime(th).TotalSeconds;
            }
            stream.Synchronize();
            deviceSec += System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalSeconds;
            var t1 = System.Diagnostics.Stopwatch.GetTimestamp();
            staging.CopyBack(stream, outR, outN, threads);
            stream.Synchronize();
            copySec += System.Diagnostics.Stopwatch.GetElapsedTime(t1).TotalSeconds;
            staged = (r0, count, c0, width);
            bands++;
        }
        var t2 = System.Diagnostics.Stopwatch.GetTimestamp();
        if (staged is { } last) file(last, stageR, stageN, total, done);
        finish();
        hostSec += System.Diagnostics.Stopwatch.GetElapsedTime(t2).TotalSeconds;
        Times = new GpuRunTimes(System.Diagnostics.Stopwatch.GetElapsedTime(_started).TotalSeconds, deviceSec, copySec, hostSec, bands,
            staging.PageLocked, staging.FallbackReason);
    }

    /// <summary>
    /// Cuts a staged band into tiles for the sink, in parallel: rows in chunks of the engine's sink tile from the band's
    /// first row, columns likewise from the band's first column, so a symmetric band's diagonal block splits into square
    /// diagonal tiles (their lower triangles mirrored here from the upper ones) and tiles above them. Checks every entry
    /// is finite and reports progress; returns the pairs the band held.
    /// </summary>
    private long FileTiles((int R0, int Count, int C0, int Width) band, double[] stageR, double[] stageN,
        IGramTileSink sink, bool symmetric, long total, long doneBefore)
    {
        // Chunk starts, relative to the band's first row and column. In a symmetric band the first Count columns are the
        // band's own rows, chunked exactly like the rows so that chunk a × chunk a is a square diagonal tile; the
        // columns after them are chunked from there. Tiles left of the diagonal are the lower triangle: not filed.
        var rowStarts = Starts(0, band.Count);
        var colStarts = symmetric ? [.. rowStarts, .. Starts(band.Count, band.Width)] : Starts(0, band.Width);
        int End(List<int> starts, int k, int end) => k + 1 < starts.Count ? starts[k + 1] : end;
        var tiles = new List<(int I0, int Rows, int J0, int Columns)>();
        for (int a = 0; a < rowStarts.Count; a++)
            for (int b = symmetric ? a : 0; b < colStarts.Count; b++)
                tiles.Add((rowStarts[a], End(rowStarts, a, band.Count) - rowStarts[a], colStarts[b], End(colStarts, b, band.Width) - colStarts[b]));
        long pairs = 0;
        Parallel.For(0, tiles.Count, new ParallelOptions { CancellationToken = ct },
            () => (R: new double[SinkTile * SinkTile], N: new double[SinkTile * SinkTile]),
            (k, _, buf) =>
            {
                var (i0, rowsIn, j0, colsIn) = tiles[k];
                var tile = new GramTile(band.R0 + i0, rowsIn, band.C0 + j0, colsIn);
                bool diagonal = tile.IsDiagonal(symmetric);
                for (int r = 0; r < rowsIn; r++)
                {
                    // A diagonal tile's entries left of the diagonal are the lower triangle: not computed, mirrored below.
                    int from = diagonal ? r : 0;
                    Array.Copy(stageR, (long)(i0 + r) * band.Width + j0 + from, buf.R, r * colsIn + from, colsIn - from);
                    Array.Copy(stageN, (long)(i0 + r) * band.Width + j0 + from, buf.N, r * colsIn + from, colsIn - from);
                }
                if (diagonal)
                    for (int r = 1; r < rowsIn; r++)
                        for (int c = 0; c < r; c++)
                        {
                            buf.R[r * colsIn + c] = buf.R[c * colsIn + r];
                            buf.N[r * colsIn + c] = buf.N[c * colsIn + r];
                        }
                var rs = buf.R.AsSpan(0, rowsIn * colsIn);
                var ns = buf.N.AsSpan(0, rowsIn * colsIn);
                GramTileDriver.CheckFinite(rows.Config, tile, rs, ns);   // as the CPU engines do, before the sink sees it
                sink.Accept(tile, rs, ns);
                Interlocked.Add(ref pairs, tile.Pairs(symmetric));
                return buf;
            },
            _ => { });
        progress?.Report(new GramProgress(doneBefore + pairs, total));
        return pairs;
    }

    /// <summary>from, from + SinkTile, … below <paramref name="end"/>.</summary>
    private List<int> Starts(int from, int end)
    {
        var s = new List<int>();
        for (int k = from; k < end; k += SinkTile) s.Add(k);
        return s;
    }

    private void Launch(AcceleratorStream stream, int threads, PairKernelParams p, PackedSet set,
        MemoryBuffer1D<double, Stride1D.Dense> outR, MemoryBuffer1D<double, Stride1D.Dense> outN) =>
        kernel(stream, threads, p, set.Values.View, set.Chains.View, set.StepOffset.View, set.Length.View, outR.View, outN.View);

    /// <summary>Copies a staged band into the matrices, checks it is finite, reports progress; returns the pairs it held.</summary>
    private long Scatter((int R0, int Count, int C0, int Width) band, double[] stageR, double[] stageN,
        KernelMatrix rntk, KernelMatrix nngp, bool symmetric, long total, long doneBefore)
    {
        int m = rntk.Columns;
        long pairs = 0;
        (int I, int J, double R, double N)? bad = null;
        var gate = new object();
        // Rows in parallel: a band can hold a gigabyte, and one core copies it several times slower than all.
        Parallel.For(0, band.Count, a =>
        {
            int i = band.R0 + a;
            // In a symmetric band, columns before i are the lower triangle (not written here; mirrored at the end).
            int skip = symmetric ? i - band.C0 : 0;
            int src = a * band.Width + skip, dst = i * m + band.C0 + skip, len = band.Width - skip;
            Array.Copy(stageR, src, rntk.Data, dst, len);
            Array.Copy(stageN, src, nngp.Data, dst, len);
            for (int k = 0; k < len; k++)
            {
                double r = stageR[src + k], g = stageN[src + k];
                if (!double.IsFinite(r) || !double.IsFinite(g))
                {
                    lock (gate) bad ??= (i, band.C0 + skip + k, r, g);
                    break;
                }
            }
            Interlocked.Add(ref pairs, len);
        });
        if (bad is { } b) throw KernelOverflowException.ForPair(rows.Config, b.I, b.J, new KernelValue(b.R, b.N));
        progress?.Report(new GramProgress(doneBefore + pairs, total));
        return pairs;
    }

    /// <summary>Lower triangle := upper triangle, in cache-sized blocks (a plain column walk thrashes for large N).</summary>
    private static void MirrorUpper(double[] a, int n)
    {
        const int B = 64;
        int blocks = (n + B - 1) / B;
        Parallel.For(0, blocks, bi =>
        {
            int i0 = bi * B, i1 = Math.Min(n, i0 + B);
            for (int j0 = 0; j0 <= i0; j0 += B)
            {
                int j1 = Math.Min(n, j0 + B);
                for (int i = i0; i < i1; i++)
                {
                    int jEnd = Math.Min(j1, i);
                    for (int j = j0; j < jEnd; j++) a[(long)i * n + j] = a[(long)j * n + i];
                }
            }
        });
    }
}

/// <summary>
/// Wall-clock seconds of one GPU Gram: in all (allocating the result, packing and uploading the inputs included); from launching a band
/// until the device finished it (overlapped with the host filing the previous band); copying bands back; host
/// work (scatter, checks, mirroring); the band count; whether the host staging was page-locked (false when asked
/// not to be, or when the driver refused), and if it refused, why. With several bands, Device includes the host
/// filing the previous band (it overlaps); with one band it is the kernels' time alone.
/// </summary>
public sealed record GpuRunTimes(double Total, double Device, double CopyBack, double Host, int Bands, bool PageLocked = false,
    string? PageLockFailure = null);
