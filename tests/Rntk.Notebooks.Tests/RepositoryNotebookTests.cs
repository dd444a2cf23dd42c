using Rntk.Notebooks.Execution;

namespace Rntk.Notebooks.Tests;

/// <summary>The tutorials as committed: parseable, and stored without outputs (outputs live in the rendered site).</summary>
public sealed class RepositoryNotebookTests
{
    private static string NotebooksDir()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Rntk.Research.sln"))) return Path.Combine(d.FullName, "notebooks");
        throw new DirectoryNotFoundException("repository root (Rntk.Research.sln) not found above the test assembly");
    }

    [Fact]
    public void Every_tutorial_parses_and_is_committed_without_outputs()
    {
        var files = Directory.GetFiles(NotebooksDir()).Where(NotebookDocument.IsNotebook).ToList();
        Assert.Contains(files, f => Path.GetFileName(f) == "_setup.dib");
        Assert.Contains(files, f => f.EndsWith(".ipynb", StringComparison.Ordinal));
        foreach (var f in files)
        {
            var doc = NotebookDocument.Load(f);
            Assert.True(doc.Elements.Count > 0, $"{f} has no cells");
            Assert.True(doc.Elements.All(e => e.Outputs.Count == 0),
                $"{Path.GetFileName(f)} is committed with outputs; strip them: dotnet run --project src/Rntk.Notebooks -- convert {Path.GetFileName(f)} --out {Path.GetFileName(f)} --strip-outputs");
        }
    }
}
