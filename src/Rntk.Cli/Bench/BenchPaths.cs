using Rntk.Data;

namespace Rntk.Cli.Bench;

/// <summary>Where the benchmark finds the UCR archive (never inside the repository) and the numpy peer script.</summary>
internal static class BenchPaths
{
    /// <summary>
    /// --data-dir, else $RNTK_DATA_DIR, else ./data/ucr (the rule of every other command), else the first
    /// shared/data/ucr in an ancestor of the current directory (the development workspace).
    /// </summary>
    public static string UcrDir(string? option)
    {
        if (option is not null)
            return Directory.Exists(option) ? option : throw new CliException($"--data-dir: no such folder '{option}'.");
        var env = Environment.GetEnvironmentVariable("RNTK_DATA_DIR");
        if (!string.IsNullOrEmpty(env))
            return Directory.Exists(env) ? env : throw new CliException($"RNTK_DATA_DIR names no folder ('{env}').");
        if (Directory.Exists(UcrArchive.DefaultDir)) return UcrArchive.DefaultDir;
        return Ancestor(Path.Combine("shared", "data", "ucr"))
            ?? throw new CliException($"UCR data not found: pass --data-dir, set RNTK_DATA_DIR, or put the archive in {UcrArchive.DefaultDir} (see data/README.md).");
    }

    /// <summary>
    /// --peer, else the repository's copy bench/peer_rntk_numpy.py, else the workspace's shared/bench/peer_rntk_numpy.py
    /// (each looked for in the current directory and its ancestors), else null.
    /// </summary>
    public static string? PeerScript(string? option)
    {
        if (option is not null)
            return File.Exists(option) ? Path.GetFullPath(option) : throw new CliException($"--peer: no such file '{option}'.");
        foreach (var folder in new[] { "bench", Path.Combine("shared", "bench") })
        {
            var dir = Ancestor(folder, PeerFile);
            if (dir is not null) return Path.Combine(dir, PeerFile);
        }
        return null;
    }

    private const string PeerFile = "peer_rntk_numpy.py";

    /// <summary>
    /// The first <c>ancestor/relative</c> folder that exists (and holds <paramref name="file"/>, if given), from the
    /// current directory up.
    /// </summary>
    private static string? Ancestor(string relative, string? file = null)
    {
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, relative);
            if (Directory.Exists(candidate) && (file is null || File.Exists(Path.Combine(candidate, file)))) return candidate;
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
