using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Rntk.Notebooks.Rendering;

/// <summary>
/// The KaTeX package used to typeset formulas at render time (server side, through node), so pages need no
/// script and no network to show math. Taken from <c>RNTK_KATEX_DIR</c> when set, else from a per-user cache
/// that is filled once by <c>npm pack katex@0.19.1</c> (1.5 MB; not committed to the repository).
/// </summary>
public sealed partial class KatexAssets
{
    public const string Version = "0.19.1";

    /// <summary>The package folder (the one holding package.json and dist/).</summary>
    public string Directory { get; }

    private KatexAssets(string directory) => Directory = directory;

    public string ScriptPath => Path.Combine(Directory, "dist", "katex.js");

    private static KatexAssets? _cached;

    /// <summary>Finds KaTeX, downloading it with npm into the cache on first use.</summary>
    public static KatexAssets Locate(Action<string>? log = null)
    {
        if (_cached is not null) return _cached;
        string? env = Environment.GetEnvironmentVariable("RNTK_KATEX_DIR");
        if (!string.IsNullOrWhiteSpace(env))
        {
            foreach (var candidate in new[] { env, Path.Combine(env, "package") })
                if (File.Exists(Path.Combine(candidate, "dist", "katex.js"))) return _cached = new KatexAssets(candidate);
            throw new RenderException($"RNTK_KATEX_DIR={env} does not hold KaTeX (no dist/katex.js there or in package/).");
        }

        string root = Path.Combine(CacheRoot(), "rntk-notebooks", "katex-" + Version);
        string package = Path.Combine(root, "package");
        if (File.Exists(Path.Combine(package, "dist", "katex.js"))) return _cached = new KatexAssets(package);

        log?.Invoke($"fetching KaTeX {Version} with npm into {root}");
        string tmp = Path.Combine(Path.GetTempPath(), "rntk-katex-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(tmp);
        try
        {
            RunNpmPack(tmp);
            string tgz = System.IO.Directory.GetFiles(tmp, "katex-*.tgz").SingleOrDefault()
                ?? throw new RenderException("npm pack katex produced no katex-*.tgz");
            string extracted = Path.Combine(tmp, "x");
            System.IO.Directory.CreateDirectory(extracted);
            using (var gz = new GZipStream(File.OpenRead(tgz), CompressionMode.Decompress))
                TarFile.ExtractToDirectory(gz, extracted, overwriteFiles: true);
            System.IO.Directory.CreateDirectory(root);
            // Move into place in one step, so a crash never leaves a half-extracted cache that looks complete.
            if (!System.IO.Directory.Exists(package)) System.IO.Directory.Move(Path.Combine(extracted, "package"), package);
        }
        finally
        {
            try { System.IO.Directory.Delete(tmp, recursive: true); } catch (IOException) { }
        }
        return _cached = new KatexAssets(package);
    }

    private static string CacheRoot()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg)) return xdg;
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? Path.GetTempPath() : Path.Combine(home, ".cache");
    }

    private static void RunNpmPack(string dir)
    {
        var psi = new ProcessStartInfo("npm") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "pack", "katex@" + Version, "--silent" }) psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new RenderException("could not start npm");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new RenderException($"KaTeX is needed to render formulas and npm is not installed ({e.Message}); " +
                "install node and npm, or set RNTK_KATEX_DIR to an unpacked katex package.", e);
        }
        using (p)
        {
            var err = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(180_000)) { p.Kill(true); throw new RenderException("npm pack katex took over 3 minutes"); }
            if (p.ExitCode != 0) throw new RenderException($"npm pack katex@{Version} failed (exit {p.ExitCode}): {err.Result.Trim()}");
        }
    }

    /// <summary>
    /// katex.min.css with its fonts inlined as woff2 data: URIs (about 400 kB), so the page is standalone.
    /// The woff and ttf fallbacks are dropped: every browser that runs KaTeX's output reads woff2.
    /// </summary>
    public string InlineCss()
    {
        string css = File.ReadAllText(Path.Combine(Directory, "dist", "katex.min.css"));
        string fonts = Path.Combine(Directory, "dist", "fonts");
        return FontSrc().Replace(css, m =>
        {
            string file = Path.Combine(fonts, m.Groups["name"].Value + ".woff2");
            if (!File.Exists(file)) throw new RenderException($"KaTeX font missing: {file}");
            return "src:url(data:font/woff2;base64," + Convert.ToBase64String(File.ReadAllBytes(file)) + ") format(\"woff2\")";
        });
    }

    // src:url(fonts/KaTeX_AMS-Regular.woff2) format("woff2"),url(...woff) format("woff"),url(...ttf) format("truetype")
    [GeneratedRegex(@"src:url\(fonts/(?<name>KaTeX_[A-Za-z0-9_-]+)\.woff2\)\s*format\(""woff2""\)(,url\([^)]*\)\s*format\(""[a-z]+""\))*")]
    private static partial Regex FontSrc();
}
