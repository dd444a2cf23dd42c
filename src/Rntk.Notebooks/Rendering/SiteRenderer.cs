using System.Net;
using System.Text;

namespace Rntk.Notebooks.Rendering;

/// <summary>A page or asset could not be rendered (the message names the notebook and cell or formula).</summary>
public sealed class RenderException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Renders executed notebooks to DIR/NAME.html and an index page linking every one.</summary>
public static class SiteRenderer
{
    /// <summary>
    /// Renders every page it can; a page that fails is reported through <paramref name="log"/> and named in
    /// <paramref name="failures"/>, and the other pages are still written.
    /// </summary>
    public static IReadOnlyList<PageInfo> Render(IReadOnlyList<string> executed, string outDir, Action<string>? log, out List<string> failures)
    {
        Directory.CreateDirectory(outDir);
        var pages = new List<PageInfo>();
        failures = [];
        foreach (var file in executed)
        {
            string name = Path.GetFileNameWithoutExtension(file);
            try
            {
                var (html, info) = PageRenderer.Render(file, name);
                Cli.AtomicWrite(Path.Combine(outDir, info.HtmlFile), html);
                // Keep the executed notebook beside its page (the page links it), unless it is already there.
                string nbCopy = Path.Combine(outDir, info.NotebookFile);
                if (!string.Equals(Path.GetFullPath(nbCopy), Path.GetFullPath(file), StringComparison.Ordinal)) File.Copy(file, nbCopy, overwrite: true);
                log?.Invoke($"rendered {info.HtmlFile} ({html.Length / 1024} KiB){(info.FailedCells > 0 ? $", {info.FailedCells} failed cell(s) shown" : "")}");
                pages.Add(info);
            }
            catch (RenderException e)
            {
                log?.Invoke($"error: cannot render {name}: {e.Message}");
                failures.Add(name);
            }
        }
        string index = Index(pages.OrderBy(p => p.Name, StringComparer.Ordinal).ToList());
        PageRenderer.EnsureOffline(index, "index.html");
        Cli.AtomicWrite(Path.Combine(outDir, "index.html"), index);
        return pages;
    }

    private static string Index(IReadOnlyList<PageInfo> pages)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<title>Rntk.Research notebooks</title>\n<style>\n").Append(SiteStyle.Css).Append("</style>\n</head>\n<body>\n<main>\n");
        sb.Append("<h1>Rntk.Research: the notebooks</h1>\n");
        sb.Append("<p>Tutorials on the Recurrent Neural Tangent Kernel, executed headlessly and rendered with their outputs. ")
          .Append("Each page is standalone and works offline; the executed <code>.ipynb</code> sits beside it.</p>\n<ol class=\"index\">\n");
        foreach (var p in pages)
        {
            sb.Append("<li><a href=\"").Append(WebUtility.HtmlEncode(p.HtmlFile)).Append("\"><strong>")
              .Append(WebUtility.HtmlEncode(p.Title)).Append("</strong></a>");
            if (p.FailedCells > 0) sb.Append($" <span class=\"bad\">{p.FailedCells} failed cell(s)</span>");
            sb.Append(" · <a href=\"").Append(WebUtility.HtmlEncode(p.NotebookFile)).Append("\">.ipynb</a>");
            if (p.Summary.Length > 0)
            {
                string s = p.Summary.Length > 300 ? p.Summary[..297] + "…" : p.Summary;
                sb.Append("<div class=\"sum\">").Append(WebUtility.HtmlEncode(s)).Append("</div>");
            }
            sb.Append("</li>\n");
        }
        sb.Append("</ol>\n</main>\n</body>\n</html>\n");
        return sb.ToString();
    }
}
