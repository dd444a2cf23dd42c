using System.Diagnostics;
using System.Runtime.InteropServices;
using Rntk.IO;

namespace Rntk.Tests.Cli;

/// <summary>
/// The `rntk` process itself (not CommandLine.Run in process): a SIGTERM, as `kill` or a job scheduler's time limit
/// sends, or a SIGHUP cancels the command, which cleans up and exits 143 or 129.
/// </summary>
public sealed class SignalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rntk-signal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Every entry, hidden ones included (the temporary file's name starts with a dot).</summary>
    private static string[] Entries(string dir) =>
        Directory.GetFileSystemEntries(dir, "*", new EnumerationOptions { AttributesToSkip = 0 });

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [SkippableTheory]
    [InlineData(15, 143)]   // SIGTERM: kill, a scheduler's time limit
    [InlineData(1, 129)]    // SIGHUP: the terminal closed
    public void ASignalCancelsAStreamedGramAndLeavesNoFile(int signal, int exitCode)
    {
        Skip.If(OperatingSystem.IsWindows(), "POSIX signals");
        // 300 short series under tanh: each pair costs quadrature work, so the Gram runs for minutes unless cancelled.
        var rng = new Random(1);
        var x = new double[300 * 4];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble() * 2 - 1;
        string input = Path.Combine(_dir, "X.npy"), outDir = Path.Combine(_dir, "out"), output = Path.Combine(outDir, "K.npy");
        Directory.CreateDirectory(outDir);
        NpyFile.Write(input, x, 300, 4);

        string cli = Path.Combine(AppContext.BaseDirectory, "Rntk.Cli.dll");
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { cli, "gram", "--input", input, "--activation", "tanh", "--out", output }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        try
        {
            // The streaming output's temporary file appears once the variance chains are done and the Gram has begun;
            // the signal handlers were registered before that, on the first lines of Program.
            var clock = Stopwatch.StartNew();
            while (Entries(outDir).Length == 0)
            {
                if (p.HasExited) Assert.Fail($"rntk ended before the Gram began: {stderr.Result}");   // (Result waits for the end)
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the Gram's temporary file did not appear within 60 s");
                Thread.Sleep(20);
            }
            Assert.Equal(0, kill(p.Id, signal));
            var sent = Stopwatch.StartNew();
            Assert.True(p.WaitForExit(60_000), $"rntk did not stop within 60 s of signal {signal}");
            // 128 + the signal's number; the message shows that our handler ran (the default action would end it silently).
            Assert.Equal(exitCode, p.ExitCode);
            Assert.Contains("rntk gram: cancelled.", stderr.Result);
            Assert.Empty(Entries(outDir));   // no K.npy, no temporary file left
            Assert.True(sent.Elapsed < TimeSpan.FromSeconds(30), $"stopping took {sent.Elapsed}");
        }
        finally
        {
            if (!p.HasExited) p.Kill(true);
        }
        _ = stdout.Result;
    }
}
