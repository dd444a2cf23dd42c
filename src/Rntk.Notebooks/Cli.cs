using System.Diagnostics;
using Rntk.Notebooks.Execution;
using Rntk.Notebooks.Rendering;

namespace Rntk.Notebooks;

/// <summary>
/// The runner's command line. Exit codes: 0 all cells passed; 1 a cell failed (or a page could not be rendered);
/// 2 bad usage.
/// </summary>
public static class Cli
{
    public const string Usage = """
        Rntk.Notebooks: executes Polyglot notebooks (C#) headlessly and renders them to standalone HTML.

          run PATH... --out DIR [--cell-timeout SEC] [--no-render]
              Execute every notebook (.ipynb/.dib; a folder means its notebooks, files starting with '_' excluded),
              each in its own process; write DIR/NAME.ipynb (executed) and DIR/NAME.html, plus DIR/index.html.
              Prints 'N passed, M failed' per notebook; exits 1 if any cell failed.
          execute NOTEBOOK --out FILE.ipynb [--cell-timeout SEC]
              Execute one notebook in this process (what `run` starts for each notebook).
          render EXECUTED.ipynb... --out DIR
              Render executed notebooks to DIR/NAME.html and DIR/index.html.
          convert IN.(ipynb|dib) --out OUT.(ipynb|dib) [--strip-outputs]
              Convert between the two notebook formats.

        KaTeX (math rendering at render time, through node) is taken from RNTK_KATEX_DIR, else from a cache
        folder it fills once with `npm pack katex@0.19.1` (see docs/notebooks.md).
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                stdout.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }
            var a = new Args(args.Skip(1));
            return args[0] switch
            {
                "run" => await Run(a, stdout, stderr, cancellationToken),
                "execute" => await Execute(a, stdout, stderr, cancellationToken),
                "render" => Render(a, stdout),
                "convert" => Convert(a, stdout),
                _ => throw new UsageException($"unknown command '{args[0]}' (run, execute, render, convert)"),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or RenderException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> Run(Args a, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        string outDir = a.Required("--out");
        double timeout = a.Double("--cell-timeout", 600);
        bool render = !a.Flag("--no-render");
        var notebooks = Discover(a.Positional("PATH"));
        a.EnsureAllUsed();
        Directory.CreateDirectory(outDir);

        var executed = new List<string>();
        var summaries = new List<(string Name, string Summary, bool Ok)>();
        var total = Stopwatch.StartNew();
        foreach (var nb in notebooks)
        {
            string name = Path.GetFileNameWithoutExtension(nb);
            string target = Path.Combine(outDir, name + ".ipynb");
            if (File.Exists(target)) File.Delete(target);
            var (code, summary) = await RunChild(nb, target, timeout, stdout, stderr, ct);
            summaries.Add((Path.GetFileName(nb), summary ?? $"did not finish (exit code {code})", code == 0));
            if (File.Exists(target)) executed.Add(target);
        }

        var renderFailures = new List<string>();
        if (render && executed.Count > 0)
        {
            var site = SiteRenderer.Render(executed, outDir, msg => stdout.WriteLine(msg), out renderFailures);
            stdout.WriteLine($"rendered {site.Count} page(s) and {Path.Combine(outDir, "index.html")}");
        }

        int passed = 0, failed = 0;
        stdout.WriteLine();
        foreach (var (n, s, ok0) in summaries)
        {
            bool renderFailed = renderFailures.Contains(Path.GetFileNameWithoutExtension(n));
            bool ok = ok0 && !renderFailed;
            stdout.WriteLine($"{(ok ? "ok  " : "FAIL")} {n}: {s}{(renderFailed ? " (page not rendered)" : "")}");
            if (ok) passed++; else failed++;
        }
        stdout.WriteLine($"all notebooks took {total.Elapsed.TotalSeconds:0} s");
        stdout.WriteLine($"notebooks: {passed} passed, {failed} failed");
        return failed == 0 && summaries.Count == notebooks.Count ? 0 : 1;
    }

    /// <summary>One process per notebook: formatters are static and #r assemblies never unload.</summary>
    private static async Task<(int Code, string? Summary)> RunChild(
        string notebook, string target, double timeout, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var psi = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string self = typeof(Cli).Assembly.Location;
        string host = Environment.ProcessPath ?? "dotnet";
        psi.FileName = host;
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) psi.ArgumentList.Add(self);
        foreach (var s in new[] { "execute", notebook, "--out", target, "--cell-timeout", timeout.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(s);

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start the notebook process");
        string? summary = null;
        var outTask = Task.Run(async () =>
        {
            while (await p.StandardOutput.ReadLineAsync(ct) is { } line)
            {
                lock (stdout) stdout.WriteLine(line);
                if (line.StartsWith(SummaryPrefix, StringComparison.Ordinal)) summary = line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..];
            }
        }, ct);
        var errTask = Task.Run(async () =>
        {
            while (await p.StandardError.ReadLineAsync(ct) is { } line) lock (stdout) stderr.WriteLine(line);
        }, ct);
        try
        {
            await p.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw;
        }
        await Task.WhenAll(outTask, errTask);
        return (p.ExitCode, summary);
    }

    private const string SummaryPrefix = "notebook ";

    private static async Task<int> Execute(Args a, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        string nb = a.Positional("NOTEBOOK").SingleOrDefault() ?? throw new UsageException("execute needs one notebook");
        string outFile = Path.GetFullPath(a.Required("--out"));
        double timeout = a.Double("--cell-timeout", 600);
        a.EnsureAllUsed();
        if (!NotebookDocument.IsNotebook(nb)) throw new UsageException($"{nb} is not a .ipynb or .dib file");
        string name = Path.GetFileName(nb);
        stdout.WriteLine($"== {name}");
        var result = await NotebookExecutor.RunAsync(nb, TimeSpan.FromSeconds(timeout), line => stdout.WriteLine(line), ct);
        Directory.CreateDirectory(Path.GetDirectoryName(outFile)!);
        AtomicWrite(outFile, NotebookDocument.ToIpynb(result.Executed));
        foreach (var c in result.Cells.Where(c => c.Status == CellStatus.Failed))
            stderr.WriteLine($"error: {name} cell {c.Number} ({c.Title}) failed: {NotebookExecutor.FirstLine(c.Error!)}");
        stdout.WriteLine($"{SummaryPrefix}{name} ({result.Elapsed.TotalSeconds:0.0} s): {result.Summary}");
        return result.Succeeded ? 0 : 1;
    }

    private static int Render(Args a, TextWriter stdout)
    {
        string outDir = a.Required("--out");
        var files = a.Positional("EXECUTED.ipynb");
        a.EnsureAllUsed();
        if (files.Count == 0) throw new UsageException("render needs at least one executed .ipynb");
        var pages = SiteRenderer.Render(files, outDir, msg => stdout.WriteLine(msg), out var failures);
        stdout.WriteLine($"rendered {pages.Count} page(s) and {Path.Combine(outDir, "index.html")}");
        return failures.Count == 0 ? 0 : 1;
    }

    private static int Convert(Args a, TextWriter stdout)
    {
        string input = a.Positional("IN").SingleOrDefault() ?? throw new UsageException("convert needs one input notebook");
        string output = a.Required("--out");
        bool strip = a.Flag("--strip-outputs");
        a.EnsureAllUsed();
        var doc = NotebookDocument.Load(input);
        if (strip) doc = NotebookDocument.WithoutOutputs(doc);
        string text = output.EndsWith(".dib", StringComparison.OrdinalIgnoreCase) ? NotebookDocument.ToDib(doc)
            : output.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) ? NotebookDocument.ToIpynb(doc)
            : throw new UsageException($"--out {output}: use a .ipynb or .dib file name");
        AtomicWrite(output, text);
        stdout.WriteLine($"wrote {output}");
        return 0;
    }

    /// <summary>Notebooks named on the command line; a folder contributes its notebooks, sorted, except _*.</summary>
    public static List<string> Discover(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0) throw new UsageException("name at least one notebook or folder");
        var list = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
            {
                list.AddRange(Directory.GetFiles(p)
                    .Where(f => NotebookDocument.IsNotebook(f) && !Path.GetFileName(f).StartsWith('_'))
                    .OrderBy(f => f, StringComparer.Ordinal));
            }
            else if (File.Exists(p))
            {
                if (!NotebookDocument.IsNotebook(p)) throw new UsageException($"{p} is not a .ipynb or .dib file");
                list.Add(p);
            }
            else throw new UsageException($"{p}: no such notebook or folder");
        }
        var names = list.GroupBy(f => Path.GetFileNameWithoutExtension(f)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (names.Count > 0) throw new UsageException($"two notebooks would write the same page: {string.Join(", ", names)}");
        if (list.Count == 0) throw new UsageException($"no notebooks found in {string.Join(", ", paths)}");
        return list.Select(Path.GetFullPath).ToList();
    }

    internal static void AtomicWrite(string path, string text)
    {
        string full = Path.GetFullPath(path);
        string tmp = full + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(tmp, text, new System.Text.UTF8Encoding(false));
        File.Move(tmp, full, overwrite: true);
    }
}

/// <summary>Bad command-line usage (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Minimal option parsing: --name value, --flag, positionals; every option must be used.</summary>
internal sealed class Args
{
    private readonly List<string> _positional = [];
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = [];

    private static readonly HashSet<string> Flags = ["--no-render", "--strip-outputs"];

    public Args(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            string s = list[i];
            if (s.StartsWith("--", StringComparison.Ordinal))
            {
                if (Flags.Contains(s)) _options[s] = null;
                else if (i + 1 < list.Count) _options[s] = list[++i];
                else throw new UsageException($"{s} needs a value");
            }
            else _positional.Add(s);
        }
    }

    public IReadOnlyList<string> Positional(string _) => _positional;
    public bool Flag(string name) { _used.Add(name); return _options.ContainsKey(name); }
    public string Required(string name)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var v) && v is not null ? v : throw new UsageException($"{name} is required");
    }
    public double Double(string name, double fallback)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out var v) || v is null) return fallback;
        return double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double d) && d > 0
            ? d : throw new UsageException($"{name} must be a positive number (got '{v}')");
    }
    public void EnsureAllUsed()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new UsageException($"unknown option {string.Join(", ", unknown)}");
    }
}
