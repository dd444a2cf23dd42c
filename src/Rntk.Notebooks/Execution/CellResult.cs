using Microsoft.DotNet.Interactive.Documents;

namespace Rntk.Notebooks.Execution;

/// <summary>What happened to one code cell.</summary>
public enum CellStatus
{
    Passed,
    Failed,
    /// <summary>Not run because an earlier cell failed (later cells depend on earlier state).</summary>
    Skipped,
}

/// <summary>One executed code cell: its 1-based number among all cells, status, first error and outputs.</summary>
public sealed record CellResult(
    int Number, string Title, CellStatus Status, string? Error, IReadOnlyList<InteractiveDocumentOutputElement> Outputs, TimeSpan Elapsed);

/// <summary>The outcome of one notebook: per-cell results and the executed document.</summary>
public sealed record NotebookResult(string Path, IReadOnlyList<CellResult> Cells, InteractiveDocument Executed, TimeSpan Elapsed)
{
    public int Passed => Cells.Count(c => c.Status == CellStatus.Passed);
    public int Failed => Cells.Count(c => c.Status == CellStatus.Failed);
    public int Skipped => Cells.Count(c => c.Status == CellStatus.Skipped);
    public bool Succeeded => Failed == 0 && Skipped == 0;

    /// <summary>"N passed, M failed" (", K skipped" when cells were not run).</summary>
    public string Summary => $"{Passed} passed, {Failed} failed" + (Skipped > 0 ? $", {Skipped} skipped" : "");
}
