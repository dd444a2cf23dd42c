using ILGPU;
using ILGPU.Runtime;
using Rntk.Data;
using Rntk.Kernels;

namespace Rntk.Gpu;

/// <summary>
/// Sequences and their variance chains packed into flat device arrays (one allocation each, whatever N):
/// item k's steps start at stepOffset[k], its values at m·stepOffset[k], its chain at L·stepOffset[k].
/// A cross Gram packs the row set, then the column set, so one kernel argument list serves both.
/// </summary>
internal sealed class PackedSet : IDisposable
{
    public MemoryBuffer1D<double, Stride1D.Dense> Values { get; }
    public MemoryBuffer1D<double, Stride1D.Dense> Chains { get; }
    public MemoryBuffer1D<int, Stride1D.Dense> StepOffset { get; }
    public MemoryBuffer1D<int, Stride1D.Dense> Length { get; }

    private PackedSet(Accelerator acc, double[] values, double[] chains, int[] offsets, int[] lengths)
    {
        Values = acc.Allocate1D(values);
        Chains = acc.Allocate1D(chains);
        StepOffset = acc.Allocate1D(offsets);
        Length = acc.Allocate1D(lengths);
    }

    /// <summary>Total steps, values and chain entries of the items, to check they fit 32-bit device indices.</summary>
    public static (long Steps, long Values, long Chains) Size(IEnumerable<Sequence> items, int layers)
    {
        long steps = 0, values = 0;
        foreach (var s in items)
        {
            steps += s.Length;
            values += (long)s.Length * s.Channels;
        }
        return (steps, values, steps * layers);
    }

    /// <summary>Packs <paramref name="a"/> then (if given) <paramref name="b"/> onto the accelerator.</summary>
    public static PackedSet Create(
        Accelerator acc, int layers, IReadOnlyList<Sequence> a, VarianceChain[] qa, IReadOnlyList<Sequence>? b, VarianceChain[]? qb)
    {
        int na = a.Count, nb = b?.Count ?? 0;
        int m = a[0].Channels;
        var offsets = new int[na + nb];
        var lengths = new int[na + nb];
        int steps = 0;
        for (int k = 0; k < na + nb; k++)
        {
            var s = k < na ? a[k] : b![k - na];
            offsets[k] = steps;
            lengths[k] = s.Length;
            steps = checked(steps + s.Length);
        }
        var values = new double[checked(steps * m)];
        var chains = new double[checked(steps * layers)];
        for (int k = 0; k < na + nb; k++)
        {
            var s = k < na ? a[k] : b![k - na];
            var q = k < na ? qa[k] : qb![k - na];
            s.Values.CopyTo(values.AsSpan(offsets[k] * m));
            q.Q.CopyTo(chains, offsets[k] * layers);
        }
        return new PackedSet(acc, values, chains, offsets, lengths);
    }

    public void Dispose()
    {
        Values.Dispose();
        Chains.Dispose();
        StepOffset.Dispose();
        Length.Dispose();
    }
}
