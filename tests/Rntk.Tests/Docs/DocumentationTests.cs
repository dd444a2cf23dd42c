using System.Text.RegularExpressions;
using Rntk.Cli;

namespace Rntk.Tests.Docs;

/// <summary>
/// The documentation is where users start, so it is checked like code: the README's two commands are there and
/// are what CI runs, every relative link resolves, every documented `rntk` option exists, and no paragraph of a
/// document is repeated (the mark of a broken search-and-replace, which once inserted one README paragraph before
/// every character).
/// </summary>
public sealed partial class DocumentationTests
{
    private const string TestCommand = "dotnet test Rntk.Research.sln -c Release";

    /// <summary>The user-facing Markdown files: the README, docs/, and the READMEs of data/ and bench/gpu/.</summary>
    public static TheoryData<string> MarkdownFiles()
    {
        var root = TestPaths.RepoRoot;
        var files = new TheoryData<string>();
        foreach (var f in new[] { "README.md", "data/README.md", "bench/gpu/README.md" }
                     .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md")
                         .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
                         .Order(StringComparer.Ordinal)))
            files.Add(f);
        return files;
    }

    [Fact]
    public void Readme_gives_the_two_commands_and_ci_runs_its_test_command()
    {
        var readme = Read("README.md");
        int section = readme.IndexOf("## The two commands", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no '## The two commands' section.");
        var block = CodeBlocks(readme[section..]).First();
        var commands = block.Split('\n').Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal(2, commands.Count);
        Assert.StartsWith("./rntk ", commands[0]);
        Assert.Equal(TestCommand, commands[1]);

        // .ci/run must call the test command exactly as the README writes it, on a line of its own.
        var ci = File.ReadAllLines(Path.Combine(TestPaths.RepoRoot, ".ci", "run"));
        Assert.Contains(TestCommand, ci.Select(l => l.Trim()));
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void Relative_links_resolve(string file)
    {
        var dir = Path.GetDirectoryName(Path.Combine(TestPaths.RepoRoot, file))!;
        var broken = new List<string>();
        foreach (Match m in LinkPattern().Matches(Read(file)))
        {
            var target = m.Groups[1].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith('#') || target.StartsWith("mailto:", StringComparison.Ordinal))
                continue;
            var path = target.Split('#')[0];
            var full = Path.GetFullPath(Path.Combine(dir, path));
            if (!File.Exists(full) && !Directory.Exists(full)) broken.Add(target);
        }
        Assert.True(broken.Count == 0, $"{file}: broken links: {string.Join(", ", broken)}");
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void Documented_rntk_commands_and_options_exist(string file)
    {
        var problems = new List<string>();
        foreach (var block in CodeBlocks(Read(file)))
        foreach (var raw in JoinContinuations(block))
        {
            var line = raw.Trim();
            if (!line.StartsWith("./rntk ", StringComparison.Ordinal) && !line.StartsWith("rntk ", StringComparison.Ordinal))
                continue;
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var cmd = CommandLine.Commands.FirstOrDefault(c => c.Name == words[1]);
            if (cmd is null) { problems.Add($"unknown command in: {line}"); continue; }
            foreach (var w in words.Skip(2))
            {
                if (w.StartsWith('#')) break;                       // a trailing shell comment
                if (!w.StartsWith("--", StringComparison.Ordinal) || w is "--help") continue;
                var name = w[2..].Split('=')[0];
                if (!Regex.IsMatch(cmd.Usage, $@"--{Regex.Escape(name)}\b"))
                    problems.Add($"'rntk {cmd.Name}' has no option --{name} (in: {line})");
            }
        }
        Assert.True(problems.Count == 0, $"{file}:\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void No_paragraph_is_repeated(string file)
    {
        var text = CodeFence().Replace(Read(file), "");
        var repeated = text.Split("\n\n")
            .Select(p => p.Trim())
            .Where(p => p.Length >= 80)
            .GroupBy(p => p, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Count()}x: {g.Key[..Math.Min(80, g.Key.Length)]}…")
            .ToList();
        Assert.True(repeated.Count == 0, $"{file}: repeated paragraphs:\n" + string.Join("\n", repeated));
        // A sanity bound well above any real document here (the README is about 230 lines).
        Assert.True(text.Split('\n').Length < 2000, $"{file} has {text.Split('\n').Length} lines; was it corrupted?");
    }

    private static string Read(string file) =>
        File.ReadAllText(Path.Combine(TestPaths.RepoRoot, file)).ReplaceLineEndings("\n");

    /// <summary>The contents of the fenced code blocks, in order.</summary>
    private static IEnumerable<string> CodeBlocks(string markdown) =>
        CodeFence().Matches(markdown).Select(m => m.Groups[1].Value);

    /// <summary>Shell lines with their backslash continuations joined.</summary>
    private static IEnumerable<string> JoinContinuations(string block)
    {
        var current = "";
        foreach (var l in block.Split('\n'))
        {
            if (l.TrimEnd().EndsWith('\\')) { current += l.TrimEnd()[..^1] + " "; continue; }
            yield return current + l;
            current = "";
        }
        if (current.Length > 0) yield return current;
    }

    [GeneratedRegex(@"```[^\n]*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeFence();

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex LinkPattern();
}
