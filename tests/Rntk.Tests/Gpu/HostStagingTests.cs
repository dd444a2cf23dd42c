using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using Rntk.Gpu;
using Rntk.Gram;

namespace Rntk.Tests.Gpu;

/// <summary>
/// The host staging the GPU engine copies bands into: where page-locking fails it falls back to plain arrays and
/// says why, never leaving the half it did lock locked; out of memory is not hidden; the engine can release it.
/// (ILGPU's CPU accelerator never refuses to page-lock, so the refusals here are made by the test.)
/// </summary>
public sealed class HostStagingTests : IDisposable
{
    private readonly Context _context = Context.Create(b => b.CPU());
    private readonly Accelerator _acc;

    public HostStagingTests() => _acc = _context.CreateCPUAccelerator(0);

    public void Dispose()
    {
        _acc.Dispose();
        _context.Dispose();
    }

    /// <summary>Allocates page-locked arrays until the <paramref name="failAt"/>-th call (0-based), which throws.</summary>
    private Func<long, PageLockedArray1D<double>> FailingAt(int failAt, Exception error, List<PageLockedArray1D<double>> made) => n =>
    {
        if (made.Count == failAt) throw error;
        var a = _acc.AllocatePageLocked1D<double>(n, true);
        made.Add(a);
        return a;
    };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void ARefusalFallsBackToPlainArraysAndSaysWhy(int failAt)
    {
        var made = new List<PageLockedArray1D<double>>();
        using var staging = new HostStaging(10, FailingAt(failAt, new InvalidOperationException("the driver refused"), made));
        Assert.False(staging.PageLocked);
        Assert.Contains("the driver refused", staging.FallbackReason);
        Assert.Equal(10, staging.Capacity);
        Assert.Equal(10, staging.Rntk.Length);
        Assert.Equal(10, staging.Nngp.Length);
        Assert.NotSame(staging.Rntk, staging.Nngp);
        Assert.All(made, a => Assert.True(a.IsDisposed, "a page-locked array from the failed attempt stayed locked"));
    }

    [Fact]
    public void OutOfMemoryIsNotHiddenAndReleasesWhatWasLocked()
    {
        var made = new List<PageLockedArray1D<double>>();
        Assert.Throws<OutOfMemoryException>(() => new HostStaging(10, FailingAt(1, new OutOfMemoryException(), made)));
        Assert.True(Assert.Single(made).IsDisposed);
    }

    [Fact]
    public void LockedWhenAskedAndPlainWhenNot()
    {
        using var locked = new HostStaging(_acc, 7);
        Assert.True(locked.PageLocked);
        Assert.Null(locked.FallbackReason);
        using var plain = new HostStaging(_acc, 7, pageLocked: false);
        Assert.False(plain.PageLocked);
        Assert.Null(plain.FallbackReason);
    }

    [Fact]
    public void TheEngineReleasesItsStagingOnRequestAndMakesItAgain()
    {
        var cfg = TestData.A();
        var set = new PreparedSet(cfg, TestData.RandomSet(6, 2, 5, seed: 4));
        using var engine = new IlgpuGramEngine();
        Assert.Equal(0, engine.HostStagingBytes);
        var first = engine.Compute(set, null, GramDevice.IlgpuCpu, GramOptions.Default, null, default);
        Assert.Equal(2L * sizeof(double) * 6 * 6, engine.HostStagingBytes);   // one band: 6 rows × 6 columns, both matrices
        engine.ReleaseHostStaging();
        Assert.Equal(0, engine.HostStagingBytes);
        var again = engine.Compute(set, null, GramDevice.IlgpuCpu, GramOptions.Default, null, default);
        Assert.Equal(first.Rntk.Data, again.Rntk.Data);
        Assert.Equal(first.Nngp.Data, again.Nngp.Data);
        Assert.True(engine.HostStagingBytes > 0);
    }
}
