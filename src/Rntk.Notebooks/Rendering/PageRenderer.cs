using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using Markdig.Syntax;
using Rntk.Notebooks.Execution;

namespace Rntk.Notebooks.Rendering;

/// <summary>What the index needs to know about a rendered page.</summary>
public sealed record PageInfo(string Name, string Title, string Summary, int CodeCells, int FailedCells, string HtmlFile, string NotebookFile);

/// <summary>
/// One executed notebook to one standalone HTML page: markdown with typeset math, highlighted code, outputs
/// (text, HTML tables, charts), errors. Works offline: KaTeX's CSS and fonts and plotly.js are inlined, each once,
/// and only when the page uses them; a page that would still load a script or style from the network fails.
/// </summary>
public static partial class PageRenderer
{
    private static readonly string[] MimePreference =
        ["text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "text/plain", "application/json"];

    public static (string Html, PageInfo Info) Render(string executedIpynb, string name)
    {
        var doc = NotebookDocument.Load(executedIpynb);
        var md = new MarkdownRenderer();
        string where = Path.GetFileName(executedIpynb);

        // Pass 1: parse markdown (also the markdown outputs) so that every formula of the page is typeset in one batch.
        var parsed = new Dictionary<object, MarkdownDocument>(ReferenceEqualityComparer.Instance);
        foreach (var e in doc.Elements)
        {
            if (e.KernelName == "markdown") parsed[e] = md.Parse(e.Contents);
            foreach (var o in e.Outputs)
                if (DataOf(o) is { } d0 && Choose(d0) is ("text/markdown", var text)) parsed[o] = md.Parse(text);
        }
        var katex = md.Formulas.Count > 0 ? KatexAssets.Locate() : null;
        if (katex is not null) md.SetTypeset(MathRenderer.Render(md.Formulas, katex, where));

        var body = new StringBuilder();
        string? title = null, summary = null;
        int codeCells = 0, failed = 0, cellNumber = 0;
        bool charts = false;
        foreach (var e in doc.Elements)
        {
            cellNumber++;
            if (e.KernelName == "markdown")
            {
                title ??= FirstHeading(parsed[e]);
                summary ??= FirstParagraph(parsed[e]);
                string mdHtml = md.ToHtml(parsed[e]);
                // A $$ left in the output is TeX that Markdig did not recognise as math (e.g. a display formula
                // broken over lines inside a paragraph): fail rather than publish raw source.
                if (mdHtml.Contains("$$", StringComparison.Ordinal))
                    throw new RenderException($"{where} cell {cellNumber}: a $$ formula was not recognised as math; put a display formula on one line, or $$ on lines of their own.");
                body.Append("<section class=\"md\">").Append(mdHtml).Append("</section>\n");
                continue;
            }
            codeCells++;
            bool cellFailed = e.Outputs.Any(o => o is ErrorElement);
            if (cellFailed) failed++;
            body.Append($"<section class=\"cell{(cellFailed ? " failed" : "")}\" id=\"cell-{cellNumber}\">");
            body.Append($"<div class=\"in\"><span class=\"n\">[{codeCells}]</span>");
            body.Append("<pre><code class=\"language-csharp\">").Append(CodeHighlighter.Highlight(e.Contents.TrimEnd())).Append("</code></pre></div>");
            if (e.Outputs.Count > 0)
            {
                body.Append("<div class=\"out\">");
                foreach (var o in e.Outputs) body.Append(Output(o, parsed, md, $"{where} cell {cellNumber}", ref charts));
                body.Append("</div>");
            }
            body.Append("</section>\n");
        }

        title ??= name;
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        page.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        page.Append("<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n");
        page.Append("<style>\n").Append(SiteStyle.Css).Append("</style>\n");
        if (katex is not null) page.Append("<style>\n").Append(katex.InlineCss()).Append("\n</style>\n");
        if (charts) page.Append("<script>\n").Append(PlotlyAssets.Script()).Append("\n</script>\n");
        page.Append("</head>\n<body>\n<nav><a href=\"index.html\">&larr; All notebooks</a>")
            .Append($"<span>{codeCells - failed} of {codeCells} code cells ran · <a href=\"{WebUtility.HtmlEncode(name)}.ipynb\">executed notebook</a></span></nav>\n<main>\n");
        page.Append(body);
        page.Append("</main>\n<footer>Rendered by Rntk.Notebooks from ").Append(WebUtility.HtmlEncode(name)).Append(".ipynb.</footer>\n</body>\n</html>\n");
        string html = page.ToString();
        EnsureOffline(html, where);
        return (html, new PageInfo(name, title, summary ?? "", codeCells, failed, name + ".html", name + ".ipynb"));
    }

    private static string Output(InteractiveDocumentOutputElement o, Dictionary<object, MarkdownDocument> parsed, MarkdownRenderer md, string where, ref bool charts)
    {
        switch (o)
        {
            case TextElement t:
                return $"<pre class=\"{(t.Name == "stderr" ? "stderr" : "stdout")}\">{WebUtility.HtmlEncode(t.Text)}</pre>";
            case ErrorElement err:
                return $"<pre class=\"error\">{WebUtility.HtmlEncode(err.ErrorName)}: {WebUtility.HtmlEncode(err.ErrorValue)}</pre>";
            case DisplayElement or ReturnValueElement:
                var chosen = Choose(DataOf(o)!);
                if (chosen is not var (mime, text)) return "";
                switch (mime)
                {
                    case "text/html":
                        if (PlotlyAssets.IsChart(text))
                        {
                            charts = true;
                            return PlotlyAssets.RewriteChart(text, where);
                        }
                        return $"<div class=\"html\">{text}</div>";
                    case "image/svg+xml":
                        return $"<div class=\"html\">{text}</div>";
                    case "image/png" or "image/jpeg":
                        return $"<img alt=\"output\" src=\"data:{mime};base64,{text.Trim()}\">";
                    case "text/markdown":
                        return $"<div class=\"md\">{md.ToHtml(parsed[o])}</div>";
                    default:
                        return $"<pre class=\"stdout\">{WebUtility.HtmlEncode(text)}</pre>";
                }
            default:
                return "";
        }
    }

    private static IDictionary<string, object>? DataOf(InteractiveDocumentOutputElement o) => o switch
    {
        DisplayElement d => d.Data,
        ReturnValueElement r => r.Data,
        _ => null,
    };

    private static (string Mime, string Text)? Choose(IDictionary<string, object> data)
    {
        foreach (var mime in MimePreference)
            if (data.TryGetValue(mime, out var v) && v is not null) return (mime, AsText(v));
        return null;
    }

    /// <summary>Output data may arrive as a string, a list of lines (nbformat) or a JSON element.</summary>
    private static string AsText(object v) => v switch
    {
        string s => s,
        IEnumerable<string> lines => string.Concat(lines),
        JsonElement { ValueKind: JsonValueKind.String } j => j.GetString() ?? "",
        JsonElement { ValueKind: JsonValueKind.Array } j => string.Concat(j.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : x.GetRawText())),
        JsonElement j => j.GetRawText(),
        IEnumerable<object> objs => string.Concat(objs.Select(AsText)),
        _ => v.ToString() ?? "",
    };

    private static string? FirstHeading(MarkdownDocument doc) =>
        doc.Descendants<HeadingBlock>().Where(h => h.Level == 1).Select(h => InlineText(h.Inline)).FirstOrDefault();

    private static string? FirstParagraph(MarkdownDocument doc) =>
        doc.OfType<ParagraphBlock>().Select(p => InlineText(p.Inline)).FirstOrDefault(s => s.Length > 0);

    private static string InlineText(Markdig.Syntax.Inlines.ContainerInline? inline)
    {
        if (inline is null) return "";
        var sb = new StringBuilder();
        foreach (var i in inline.Descendants())
        {
            switch (i)
            {
                case Markdig.Syntax.Inlines.LiteralInline l: sb.Append(l.Content.ToString()); break;
                case Markdig.Syntax.Inlines.CodeInline c: sb.Append(c.Content); break;
                case Markdig.Extensions.Mathematics.MathInline m: sb.Append(m.Content.ToString()); break;
                case Markdig.Syntax.Inlines.LineBreakInline: sb.Append(' '); break;
            }
        }
        return sb.ToString().Trim();
    }

    /// <summary>Fails when a script, style sheet, image or frame would be fetched from the network.</summary>
    public static void EnsureOffline(string html, string where)
    {
        var m = RemoteReference().Match(html);
        if (m.Success)
            throw new RenderException($"{where}: the page would load {m.Value[..Math.Min(m.Value.Length, 120)]} from the network; pages must work offline.");
    }

    [GeneratedRegex(@"<(script|link|img|iframe|embed|source)\b[^>]*\b(src|href)\s*=\s*[""']?\s*(https?:)?//[^>]*>|@import\s+url\(\s*[""']?(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteReference();
}
