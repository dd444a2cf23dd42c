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
/// copied to a host staging array and scattered into the result while the device computes the next band.
/// A symmetric Gram's lower triangle is mirrored from the upper one at the end, as the reference engine does,
/// so the result is exactly symmetric.
/// </summary>
/// <remarks>Bands matter beyond a few thousand sequences: N = 8192 needs 1 GiB for both outputs, N = 32768 16 GiB.</remarks>
internal sealed class BandedGram(
    IlgpuGramEngine engine, Accelerator acc, PairKernelDelegate kernel, PreparedSet rows, PreparedSet? columns,
    IProgress<GramProgress>? progress, CancellationToken ct)
{
    /// <summary>Where the time went (seconds): waiting for the device's launches, copies back, host work.</summary>
    public GpuRunTimes Times { get; private set; } = new(0, 0, 0, 0, 0);

    public (KernelMatrix Rntk, KernelMatrix Nngp) Run()
    {
        var total0 = System.Diagnostics.Stopwatch.StartNew();
        double deviceSec = 0, copySec = 0, hostSec = 0;
        int bands = 0;
        var cfg = rows.Config;
        bool symmetric = columns is null;
        var cols = columns ?? rows;
        int n = rows.Count, m = cols.Count;
        var rntk = new KernelMatrix(n, m);
        var nngp = new KernelMatrix(n, m);
        bool bi = cfg.Direction == Direction.Bidirectional;

        using var forward = PackedSet.Create(acc, cfg.Layers, rows.Sequences, rows.Chains,
            columns?.Sequences, columns?.Chains);
        using var reversed = bi
            ? PackedSet.Create(acc, cfg.Layers, rows.Reversed!, rows.ReversedChains!, columns?.Reversed, columns?.ReversedChains)
            : null;

        // Band height: both output buffers of a band within the budget, and its thread count within Index1D (int).
        long perRow = 2L * sizeof(double) * m;
        int bandRows = (int)Math.Clamp(engine.BandBytesFor(acc) / perRow, 1, n);
        bandRows = (int)Math.Min(bandRows, int.MaxValue / m);
        long bandLength = (long)bandRows * m;
        using var outR = acc.Allocate1D<double>(bandLength);
        using var outN = acc.Allocate1D<double>(bandLength);
        var stageR = new double[bandLength];
        var stageN = new double[bandLength];

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

            // While the device works on this band, the host files the previous one.
            if (staged is { } prev)
            {
                var th = System.Diagnostics.Stopwatch.GetTimestamp();
                done += Scatter(prev, stageR, stageN, rntk, nngp, symmetric, total, done);
                hostSec += System.Diagnostics.Stopwatch.GetElapsedTime(th).TotalSeconds;
            }
            stream.Synchronize();
            deviceSec += System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalSeconds;
            var t1 = System.Diagnostics.Stopwatch.GetTimestamp();
            outR.View.SubView(0, threads).CopyToCPU(stream, stageR.AsSpan(0, threads));
            outN.View.SubView(0, threads).CopyToCPU(stream, stageN.AsSpan(0, threads));
            stream.Synchronize();
            copySec += System.Diagnostics.Stopwatch.GetElapsedTime(t1).TotalSeconds;
            staged = (r0, count, c0, width);
            bands++;
        }
        var t2 = System.Diagnostics.Stopwatch.GetTimestamp();
        if (staged is { } last) Scatter(last, stageR, stageN, rntk, nngp, symmetric, total, done);

        if (symmetric)
        {
            ct.ThrowIfCancellationRequested();
            MirrorUpper(rntk.Data, n);
            MirrorUpper(nngp.Data, n);
        }
        hostSec += System.Diagnostics.Stopwatch.GetElapsedTime(t2).TotalSeconds;
        Times = new GpuRunTimes(total0.Elapsed.TotalSeconds, deviceSec, copySec, hostSec, bands);
        return (rntk, nngp);
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
            // In a symmetric band, columns before i are the lower triangle (zeros here; mirrored at the end).
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
/// Wall-clock seconds of one GPU Gram: in all (packing and uploading the inputs included); from launching a band
/// until the device finished it (overlapped with the host filing the previous band); copying bands back; host
/// work (scatter, checks, mirroring); and the band count.
/// </summary>
public sealed record GpuRunTimes(double Total, double Device, double CopyBack, double Host, int Bands);
