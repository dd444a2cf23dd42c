using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace Rntk.Notebooks.Execution;

/// <summary>Reads .ipynb and .dib notebooks and writes .ipynb, with the kernel names this runner knows.</summary>
public static class NotebookDocument
{
    /// <summary>The kernels a notebook may name: C# (the default) and markdown.</summary>
    public static KernelInfoCollection KernelInfos()
    {
        var infos = new KernelInfoCollection
        {
            new KernelInfo("csharp", languageName: "C#", aliases: ["c#", "C#", "cs"]),
            new KernelInfo("markdown", languageName: "Markdown", aliases: ["md"]),
        };
        infos.DefaultKernelName = "csharp";
        return infos;
    }

    /// <summary>True for the file kinds the runner executes.</summary>
    public static bool IsNotebook(string path) =>
        path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".dib", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a notebook; a malformed file fails with its path in the message.</summary>
    public static InteractiveDocument Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Notebook not found: {path}", path);
        string text = File.ReadAllText(path);
        try
        {
            var doc = path.EndsWith(".dib", StringComparison.OrdinalIgnoreCase)
                ? CodeSubmission.Parse(text, KernelInfos())
                : Notebook.Parse(text, KernelInfos());
            // A document parsed from .ipynb cannot be written back as it is (ToJupyterJson throws
            // InvalidCastException on its metadata): copy its cells into a fresh document.
            var copy = new InteractiveDocument();
            foreach (var e in doc.Elements)
            {
                var el = new InteractiveDocumentElement(e.Contents, NormalizeKernel(e.KernelName), e.Outputs) { ExecutionOrder = e.ExecutionOrder };
                copy.Add(el);
            }
            return copy;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a valid notebook ({ex.Message})", ex);
        }
    }

    private static string NormalizeKernel(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" or "c#" or "cs" or "csharp" => "csharp",
        "md" or "markdown" => "markdown",
        _ => name!,
    };

    /// <summary>The document as nbformat-4 JSON, with the .NET Interactive C# kernel spec VS Code expects.</summary>
    public static string ToIpynb(InteractiveDocument doc)
    {
        var copy = new InteractiveDocument();
        foreach (var e in doc.Elements) copy.Add(e);
        // "C#" adds kernelspec .net-csharp, language_info and polyglot_notebook metadata, which VS Code's
        // Polyglot Notebooks extension reads to pick the .NET kernel.
        return copy.ToJupyterJson("C#");
    }

    /// <summary>The document as .dib text (the plain-text Polyglot format).</summary>
    public static string ToDib(InteractiveDocument doc)
    {
        using var ms = new MemoryStream();
        CodeSubmission.Write(doc, ms, KernelInfos());
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>A copy of the document with every output removed (what the repository stores).</summary>
    public static InteractiveDocument WithoutOutputs(InteractiveDocument doc)
    {
        var copy = new InteractiveDocument();
        foreach (var e in doc.Elements) copy.Add(new InteractiveDocumentElement(e.Contents, e.KernelName));
        return copy;
    }
}
