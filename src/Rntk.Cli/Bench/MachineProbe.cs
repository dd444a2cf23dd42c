using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Rntk.Cli.Bench;

/// <summary>
/// What one core of this machine can do, measured (perf counters are often unavailable in VMs): the clock from a
/// chain of dependent 1-cycle integer operations, and the throughput of the instructions that bound a pair-step
/// (square root and division share the divider; FMAs have their own pipes), in cycles per instruction.
/// </summary>
internal static class MachineProbe
{
    public sealed record Result(double ClockGHz, int VectorBits, double SqrtCycles, double DivCycles, double FmaCycles);

    public static Result Measure()
    {
        // Best of three: other processes only ever make a probe slower.
        double clock = 0, sqrt = double.MaxValue, div = double.MaxValue, fma = double.MaxValue;
        for (int rep = 0; rep < 3; rep++)
        {
            const long n = 400_000_000;
            double t = Time(() => AddChain(n));
            clock = Math.Max(clock, 2.0 * n / t / 1e9);
        }
        double hz = clock * 1e9;
        for (int rep = 0; rep < 3; rep++)
        {
            const long n = 8_000_000;
            sqrt = Math.Min(sqrt, Time(() => Sqrt(n)) * hz / (8.0 * n));
            div = Math.Min(div, Time(() => Div(n)) * hz / (8.0 * n));
            fma = Math.Min(fma, Time(() => Fma(n)) * hz / (12.0 * n));
        }
        return new Result(clock, Vector512.IsHardwareAccelerated ? 512 : 256, sqrt, div, fma);
    }

    /// <summary>CPU seconds, not wall seconds: on a shared machine a probe may wait for a core, which is not its cost.</summary>
    private static double Time(Action a)
    {
        double t0 = CpuClock.Seconds();
        a();
        return CpuClock.Seconds() - t0;
    }

    // Two dependent 1-cycle operations per iteration; the loop counter runs beside them.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long AddChain(long n)
    {
        long x = 0;
        for (long i = 0; i < n; i++)
        {
            x += i;
            x ^= 1;
        }
        return x;
    }

    private static Vector512<double> V(double x) => Vector512.Create(x);

    // Eight independent chains, so the unit's throughput, not its latency, is measured.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Sqrt(long n)
    {
        Vector512<double> a0 = V(1.1), a1 = V(1.2), a2 = V(1.3), a3 = V(1.4), a4 = V(1.5), a5 = V(1.6), a6 = V(1.7), a7 = V(1.8);
        for (long i = 0; i < n; i++)
        {
            a0 = Vector512.Sqrt(a0); a1 = Vector512.Sqrt(a1); a2 = Vector512.Sqrt(a2); a3 = Vector512.Sqrt(a3);
            a4 = Vector512.Sqrt(a4); a5 = Vector512.Sqrt(a5); a6 = Vector512.Sqrt(a6); a7 = Vector512.Sqrt(a7);
        }
        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7).ToScalar();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Div(long n)
    {
        Vector512<double> a0 = V(1.1), a1 = V(1.2), a2 = V(1.3), a3 = V(1.4), a4 = V(1.5), a5 = V(1.6), a6 = V(1.7), a7 = V(1.8), d = V(1.0000001);
        for (long i = 0; i < n; i++)
        {
            a0 /= d; a1 /= d; a2 /= d; a3 /= d; a4 /= d; a5 /= d; a6 /= d; a7 /= d;
        }
        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7).ToScalar();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Fma(long n)
    {
        Vector512<double> a0 = V(1.1), a1 = V(1.2), a2 = V(1.3), a3 = V(1.4), a4 = V(1.5), a5 = V(1.6), a6 = V(1.7), a7 = V(1.8),
            a8 = V(1.9), a9 = V(2.0), a10 = V(2.1), a11 = V(2.2), m = V(0.999999), c = V(1e-7);
        for (long i = 0; i < n; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c); a1 = Vector512.FusedMultiplyAdd(a1, m, c); a2 = Vector512.FusedMultiplyAdd(a2, m, c);
            a3 = Vector512.FusedMultiplyAdd(a3, m, c); a4 = Vector512.FusedMultiplyAdd(a4, m, c); a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c); a7 = Vector512.FusedMultiplyAdd(a7, m, c); a8 = Vector512.FusedMultiplyAdd(a8, m, c);
            a9 = Vector512.FusedMultiplyAdd(a9, m, c); a10 = Vector512.FusedMultiplyAdd(a10, m, c); a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }
        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).ToScalar();
    }
}
