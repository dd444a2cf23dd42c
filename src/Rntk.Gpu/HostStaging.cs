using ILGPU;
using ILGPU.Runtime;

namespace Rntk.Gpu;

/// <summary>
/// Page-locked (pinned) host arrays that a band of both Gram matrices is copied back into, one pair per accelerator,
/// kept by the engine between Grams and grown when a larger band needs them. Pinned memory lets the device copy at
/// the bus's speed; pageable memory goes through the driver's own staging buffer at a fraction of it. Pinning is
/// costly (every page is locked), hence kept rather than made per Gram; <see cref="IlgpuGramEngine.Dispose"/> frees
/// them. At most a band of each matrix: the engine's band budget bounds it (256 MiB each by default).
/// </summary>
internal sealed class HostStaging : IDisposable
{
    private readonly PageLockedArray1D<double> _rntk, _nngp;

    public HostStaging(Accelerator acc, long length)
    {
        _rntk = acc.AllocatePageLocked1D<double>(length, true);
        try
        {
            _nngp = acc.AllocatePageLocked1D<double>(length, true);
        }
        catch
        {
            _rntk.Dispose();
            throw;
        }
    }

    /// <summary>Entries each array holds.</summary>
    public long Capacity => _rntk.Length;

    /// <summary>The arrays as plain managed arrays (pinned, so their address is what the device writes to).</summary>
    public double[] Rntk => _rntk.GetArray();
    public double[] Nngp => _nngp.GetArray();

    /// <summary>Queues the copies of the first <paramref name="count"/> entries of both device buffers; the caller synchronizes.</summary>
    public void CopyBack(AcceleratorStream stream, MemoryBuffer1D<double, Stride1D.Dense> rntk,
        MemoryBuffer1D<double, Stride1D.Dense> nngp, long count)
    {
        rntk.View.BaseView.SubView(0, count).CopyTo(stream, _rntk.ArrayView.SubView(0, count));
        nngp.View.BaseView.SubView(0, count).CopyTo(stream, _nngp.ArrayView.SubView(0, count));
    }

    public void Dispose()
    {
        _rntk.Dispose();
        _nngp.Dispose();
    }
}
