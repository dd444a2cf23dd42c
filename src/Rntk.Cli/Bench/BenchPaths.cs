namespace Rntk.Cli.Bench;

/// <summary>Where the benchmark finds the UCR archive and the peer scripts (never inside the repository).</summary>
internal static class BenchPaths
{
    /// <summary>--data-dir, else $RNTK_DATA_DIR, else the first shared/data/ucr in an ancestor of the current directory.</summary>
    public static string UcrDir(string? option)
    {
        if (option is not null)
            return Directory.Exists(option) ? option : throw new CliException($"--data-dir: no such folder '{option}'.");
        var env = Environment.GetEnvironmentVariable("RNTK_DATA_DIR");
        if (!string.IsNullOrEmpty(env))
            return Directory.Exists(env) ? env : throw new CliException($"RNTK_DATA_DIR names no folder ('{env}').");
        return Ancestor(Path.Combine("shared", "data", "ucr"))
            ?? throw new CliException("UCR data not found: pass --data-dir, set RNTK_DATA_DIR, or run below a folder holding shared/data/ucr.");
    }

    /// <summary>--peer, else shared/bench/peer_rntk_numpy.py in an ancestor of the current directory, else null.</summary>
    public static string? PeerScript(string? option)
    {
        if (option is not null)
            return File.Exists(option) ? Path.GetFullPath(option) : throw new CliException($"--peer: no such file '{option}'.");
        var dir = Ancestor(Path.Combine("shared", "bench"));
        string? script = dir is null ? null : Path.Combine(dir, "peer_rntk_numpy.py");
        return script is not null && File.Exists(script) ? script : null;
    }

    /// <summary>The first <c>ancestor/relative</c> folder that exists, from the current directory up.</summary>
    private static string? Ancestor(string relative)
    {
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, relative);
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The TRAIN and TEST files of a UCR dataset (train first, as `rntk gram` stacks them).</summary>
    public static string[] DatasetFiles(string ucr, string name)
    {
        var files = new[] { Path.Combine(ucr, name, $"{name}_TRAIN.tsv"), Path.Combine(ucr, name, $"{name}_TEST.tsv") };
        foreach (var f in files)
            if (!File.Exists(f)) throw new CliException($"Dataset '{name}': no file {f}.");
        return files;
    }
}
