using ILGPU;
using ILGPU.Runtime;

namespace Rntk.Gpu;

/// <summary>
/// Host arrays that a band of both Gram matrices is copied back into, one pair per accelerator, kept by the engine
/// between Grams and grown when a larger band needs them. They are page-locked (pinned) where the driver allows:
/// then the device copies at the bus's speed, where pageable memory goes through the driver's own staging buffer at
/// a fraction of it (about 10 GB/s on an H200). Page-locking is costly, hence kept rather than made per Gram;
/// <see cref="IlgpuGramEngine.Dispose"/> frees them. At most a band of each matrix: the engine's band budget bounds
/// it (256 MiB each by default). Where page-locking fails (a driver or container that refuses it), plain arrays
/// serve, slower but correct.
/// </summary>
internal sealed class HostStaging : IDisposable
{
    private readonly PageLockedArray1D<double>? _lockedRntk, _lockedNngp;

    public HostStaging(Accelerator acc, long length, bool pageLocked = true)
        : this(length, pageLocked ? n => acc.AllocatePageLocked1D<double>(n, true) : null)
    {
    }

    /// <param name="length">Entries per array.</param>
    /// <param name="allocateLocked">Allocates one page-locked array (null: plain arrays). Tests pass one that fails.</param>
    internal HostStaging(long length, Func<long, PageLockedArray1D<double>>? allocateLocked)
    {
        if (allocateLocked is not null)
        {
            try
            {
                _lockedRntk = allocateLocked(length);
                _lockedNngp = allocateLocked(length);
            }
            catch (Exception e)
            {
                // Whatever failed, the first array must not stay locked; out of memory is not a reason to go on.
                _lockedRntk?.Dispose();
                _lockedRntk = null;
                if (e is OutOfMemoryException) throw;
                FallbackReason = $"{e.GetType().Name}: {e.Message}";
            }
        }
        Rntk = _lockedNngp is null ? GC.AllocateUninitializedArray<double>(checked((int)length)) : _lockedRntk!.GetArray();
        Nngp = _lockedNngp is null ? GC.AllocateUninitializedArray<double>(checked((int)length)) : _lockedNngp.GetArray();
    }

    /// <summary>Why the arrays are not page-locked although asked to be (null when they are, or when not asked).</summary>
    public string? FallbackReason { get; }

    /// <summary>Whether the arrays are page-locked.</summary>
    public bool PageLocked => _lockedNngp is not null;

    /// <summary>Entries each array holds.</summary>
    public long Capacity => Rntk.LongLength;

    /// <summary>The arrays (when page-locked, pinned: their address is what the device writes to).</summary>
    public double[] Rntk { get; }
    public double[] Nngp { get; }

    /// <summary>Queues the copies of the first <paramref name="count"/> entries of both device buffers; the caller synchronizes.</summary>
    public void CopyBack(AcceleratorStream stream, MemoryBuffer1D<double, Stride1D.Dense> rntk,
        MemoryBuffer1D<double, Stride1D.Dense> nngp, int count)
    {
        if (PageLocked)
        {
            rntk.View.BaseView.SubView(0, count).CopyTo(stream, _lockedRntk!.ArrayView.SubView(0, count));
            nngp.View.BaseView.SubView(0, count).CopyTo(stream, _lockedNngp!.ArrayView.SubView(0, count));
            return;
        }
        rntk.View.SubView(0, count).CopyToCPU(stream, Rntk.AsSpan(0, count));
        nngp.View.SubView(0, count).CopyToCPU(stream, Nngp.AsSpan(0, count));
    }

    public void Dispose()
    {
        _lockedRntk?.Dispose();
        _lockedNngp?.Dispose();
    }
}
