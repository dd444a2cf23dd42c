using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Rntk.Notebooks.Rendering;

/// <summary>
/// Markdown cells to HTML with Markdig (CommonMark plus tables, footnotes, auto-ids…); <c>$…$</c> and
/// <c>$$…$$</c> are typeset by KaTeX, the same syntax VS Code's notebook renderer accepts.
/// Usage: <see cref="Parse"/> every cell of a page, typeset <see cref="Formulas"/> in one batch, then
/// <see cref="ToHtml"/> each parsed cell.
/// </summary>
public sealed class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    private readonly List<MarkdownObject> _mathNodes = [];
    private readonly List<Formula> _formulas = [];
    private Dictionary<MarkdownObject, string>? _typeset;

    public IReadOnlyList<Formula> Formulas => _formulas;

    public MarkdownDocument Parse(string markdown)
    {
        var doc = Markdown.Parse(markdown, Pipeline);
        foreach (var node in doc.Descendants())
        {
            switch (node)
            {
                case MathBlock block:
                    _mathNodes.Add(block);
                    _formulas.Add(new Formula(string.Join("\n", block.Lines.Lines.Take(block.Lines.Count).Select(l => l.Slice.ToString())), true));
                    break;
                case MathInline inline:
                    _mathNodes.Add(inline);
                    // $$…$$ inside a paragraph is a display formula, as in VS Code and Jupyter.
                    _formulas.Add(new Formula(inline.Content.ToString(), inline.DelimiterCount >= 2));
                    break;
            }
        }
        return doc;
    }

    /// <summary>Supplies the typeset HTML of <see cref="Formulas"/>, in order.</summary>
    public void SetTypeset(IReadOnlyList<string> html)
    {
        if (html.Count != _formulas.Count) throw new ArgumentException($"expected {_formulas.Count} typeset formulas, got {html.Count}");
        _typeset = new Dictionary<MarkdownObject, string>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < html.Count; i++) _typeset[_mathNodes[i]] = html[i];
    }

    public string ToHtml(MarkdownDocument doc)
    {
        if (_typeset is null && _formulas.Count > 0) throw new InvalidOperationException("typeset the formulas first");
        var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        var map = _typeset ?? new Dictionary<MarkdownObject, string>(ReferenceEqualityComparer.Instance);
        renderer.ObjectRenderers.Replace<HtmlMathInlineRenderer>(new KatexInline(map));
        renderer.ObjectRenderers.Replace<HtmlMathBlockRenderer>(new KatexBlock(map));
        renderer.Render(doc);
        writer.Flush();
        return writer.ToString();
    }

    private sealed class KatexInline(IReadOnlyDictionary<MarkdownObject, string> map) : HtmlObjectRenderer<MathInline>
    {
        protected override void Write(HtmlRenderer renderer, MathInline obj) => renderer.Write(map[obj]);
    }

    private sealed class KatexBlock(IReadOnlyDictionary<MarkdownObject, string> map) : HtmlObjectRenderer<MathBlock>
    {
        protected override void Write(HtmlRenderer renderer, MathBlock obj)
        {
            renderer.EnsureLine();
            renderer.Write("<div class=\"math-display\">").Write(map[obj]).WriteLine("</div>");
        }
    }
}
