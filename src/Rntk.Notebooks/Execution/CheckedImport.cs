using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Rntk.Notebooks.Execution;

/// <summary>
/// <c>#!import FILE</c> that fails when a cell of the imported file fails.
/// </summary>
/// <remarks>
/// The stock directive (<c>UseImportMagicCommand</c>, 1.0.0-beta.26120.1) sends each imported cell without a
/// parent and ignores its result: an exception thrown inside an imported file publishes no error event at all,
/// and the importing cell "succeeds" (measured; the same happens in VS Code). Here every imported cell's result
/// is checked and the first failure fails the importing cell, naming the file and the cell.
/// </remarks>
public static class CheckedImport
{
    public static CompositeKernel UseCheckedImport(this CompositeKernel kernel)
    {
        var directive = new KernelActionDirective("#!import")
        {
            Description = "Runs the cells of a .dib or .ipynb file in this kernel; fails if any of them fails.",
            Parameters =
            {
                new KernelDirectiveParameter("--file") { AllowImplicitName = true, Required = true, TypeHint = "file" },
            },
        };
        kernel.AddDirective<ImportDocument>(directive, async (command, context) =>
        {
            string path = Path.GetFullPath(command.FilePath);
            var doc = NotebookDocument.Load(path);
            int number = 0;
            foreach (var element in doc.Elements)
            {
                number++;
                if (element.KernelName == "markdown")
                {
                    var display = new DisplayValue(new FormattedValue("text/markdown", element.Contents));
                    display.SetParent(command, true);
                    await kernel.SendAsync(display, context.CancellationToken);
                    continue;
                }
                var submit = new SubmitCode(element.Contents, element.KernelName);
                var result = await kernel.RootKernel.SendAsync(submit, context.CancellationToken);
                var failed = result.Events.OfType<CommandFailed>().FirstOrDefault(f => ReferenceEquals(f.Command, submit))
                             ?? result.Events.OfType<CommandFailed>().FirstOrDefault();
                if (failed is not null)
                {
                    string message = $"{Path.GetFileName(path)} cell {number} ({NotebookExecutor.Title(element.Contents)}): {failed.Message}";
                    context.Fail(command, failed.Exception, message);
                    return;
                }
            }
        });
        return kernel;
    }
}
