namespace Rntk.Tests;

/// <summary>Where tests find the repository and the workspace's shared data (never copied into the repo).</summary>
internal static class TestPaths
{
    /// <summary>The repository root (the folder holding Rntk.Research.sln).</summary>
    public static string RepoRoot { get; } = FindUp(d => File.Exists(Path.Combine(d, "Rntk.Research.sln")))
        ?? throw new InvalidOperationException("Cannot find Rntk.Research.sln above " + AppContext.BaseDirectory);

    /// <summary>
    /// The UCR archive folder: $RNTK_DATA_DIR if set, else the first <c>shared/data/ucr</c> in an ancestor of
    /// the repository (the workspace lays shared/ beside the checkout), else null.
    /// </summary>
    public static string? UcrDir { get; } = FindUcr();

    /// <summary>The UCR folder or a failed test saying how to provide it.</summary>
    public static string RequireUcr() => UcrDir ?? throw new InvalidOperationException(
        "UCR data not found: set RNTK_DATA_DIR to a folder holding <Name>/<Name>_TRAIN.tsv (see data/README.md).");

    /// <summary>The peer benchmark scripts folder (shared/bench), or null.</summary>
    public static string? BenchDir { get; } = FindUp(d => Directory.Exists(Path.Combine(d, "shared", "bench"))) is { } p
        ? Path.Combine(p, "shared", "bench") : null;

    private static string? FindUcr()
    {
        var env = Environment.GetEnvironmentVariable("RNTK_DATA_DIR");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        var p = FindUp(d => Directory.Exists(Path.Combine(d, "shared", "data", "ucr")));
        return p is null ? null : Path.Combine(p, "shared", "data", "ucr");
    }

    private static string? FindUp(Func<string, bool> test)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (test(d.FullName)) return d.FullName;
        return null;
    }
}
