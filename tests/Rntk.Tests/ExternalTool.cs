using System.Diagnostics;

namespace Rntk.Tests;

/// <summary>
/// Tests that compare against an outside program (numpy, libsvm). CI installs the program, so there a missing
/// program fails the test; on a developer machine without it the test is skipped, visibly.
/// </summary>
internal static class ExternalTool
{
    public static bool InCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>Skips (locally) or fails (in CI) unless <paramref name="available"/>.</summary>
    public static void Require(bool available, string what)
    {
        if (available) return;
        if (InCi) throw new InvalidOperationException($"{what} is required in CI (.ci/run installs it) but was not found.");
        Skip.If(true, $"{what} not installed; install it to run this test (see .ci/run).");
    }

    /// <summary>Runs a program; returns exit code, stdout and stderr.</summary>
    public static (int Code, string Out, string Err) Run(string file, IEnumerable<string> args, string? stdin = null, int timeoutMs = 120_000)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        if (stdin is not null) { p.StandardInput.Write(stdin); p.StandardInput.Close(); }
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutMs)) { p.Kill(true); throw new TimeoutException($"{file} did not finish in {timeoutMs} ms."); }
        return (p.ExitCode, o.Result, e.Result);
    }

    public static bool PythonHasNumpy() =>
        File.Exists("/usr/bin/python3") && Run("/usr/bin/python3", ["-c", "import numpy"]).Code == 0;
}
