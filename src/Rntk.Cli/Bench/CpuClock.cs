using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Rntk.Cli.Bench;

/// <summary>
/// CPU seconds used by this process so far, to the nanosecond on Linux (clock_gettime of CLOCK_PROCESS_CPUTIME_ID);
/// elsewhere <see cref="Process.TotalProcessorTime"/>, whose 10 ms ticks are too coarse for runs of a few ms.
/// </summary>
internal static partial class CpuClock
{
    private const int ClockProcessCpuTimeId = 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    public static double Seconds()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (ClockGetTime(ClockProcessCpuTimeId, out var t) == 0) return t.Seconds + t.Nanoseconds * 1e-9;
            }
            catch (DllNotFoundException) { }
            catch (EntryPointNotFoundException) { }
        }
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime.TotalSeconds;
    }
}
