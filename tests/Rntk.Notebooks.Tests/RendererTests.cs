using Rntk.Notebooks.Execution;
using Rntk.Notebooks.Rendering;

namespace Rntk.Notebooks.Tests;

public sealed class RendererTests
{
    [Fact]
    public void Tex_that_KaTeX_cannot_parse_fails_with_the_formula_named()
    {
        var e = Assert.Throws<RenderException>(() =>
            MathRenderer.Render([new Formula("x^2", false), new Formula(@"\frac{1}{", true)], KatexAssets.Locate(), "page.ipynb"));
        Assert.Contains("page.ipynb", e.Message);
        Assert.Contains(@"$$\frac{1}{$$", e.Message);
    }

    [Fact]
    public void Markdown_math_is_typeset_inline_and_as_display()
    {
        var md = new MarkdownRenderer();
        var doc = md.Parse("Inline $a_t$ here.\n\n$$\n\\sum_t a_t\n$$\n");
        Assert.Equal([new Formula("a_t", false), new Formula("\\sum_t a_t", true)], md.Formulas);
        md.SetTypeset(["<i>INLINE</i>", "<b>DISPLAY</b>"]);
        string html = md.ToHtml(doc);
        Assert.Contains("Inline <i>INLINE</i> here.", html);
        Assert.Contains("<div class=\"math-display\"><b>DISPLAY</b></div>", html);
    }

    [Theory]
    [InlineData("<script src=\"https://cdn.plot.ly/plotly-2.28.0.min.js\"></script>")]
    [InlineData("<link rel=\"stylesheet\" href=\"//cdn.example/katex.css\">")]
    [InlineData("<style>@import url('https://fonts.example/x.css');</style>")]
    public void A_page_that_needs_the_network_is_rejected(string html)
    {
        var e = Assert.Throws<RenderException>(() => PageRenderer.EnsureOffline("<p>x</p>" + html, "nb.ipynb"));
        Assert.Contains("nb.ipynb", e.Message);
    }

    [Fact]
    public void A_plain_hyperlink_is_allowed() =>
        PageRenderer.EnsureOffline("<a href=\"https://arxiv.org/abs/2006.10246\">P1</a>", "nb.ipynb");

    [Fact]
    public void A_plotly_output_of_unknown_shape_fails_instead_of_loading_a_cdn()
    {
        var e = Assert.Throws<RenderException>(() => PlotlyAssets.RewriteChart("<div>Plotly.newPlot(someVar)</div>", "nb.ipynb cell 3"));
        Assert.Contains("nb.ipynb cell 3", e.Message);
    }

    [Fact]
    public void Plotly_js_comes_from_the_Plotly_NET_assembly() =>
        Assert.StartsWith("/**\n* plotly.js v2.28.0", PlotlyAssets.Script());

    [Fact]
    public void The_highlighter_only_adds_markup()
    {
        const string code = "#r \"nuget: X, 1.0\"\nvar s = \"a<b\"; // note & more\nint n = 42; /* block */ Foo(n);";
        string html = CodeHighlighter.Highlight(code);
        string text = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", ""));
        Assert.Equal(code, text);
        Assert.Contains("<span class=\"kw\">var</span>", html);
        Assert.Contains("<span class=\"str\">&quot;a&lt;b&quot;</span>", html);
    }

    [Fact]
    public void Dib_to_ipynb_and_back_keeps_cells_and_strip_removes_outputs()
    {
        string dir = Path.Combine(Path.GetTempPath(), "rntk-nb-conv-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string dib = Path.Combine(dir, "a.dib");
            File.WriteAllText(dib, "#!markdown\n\n# T\n\n#!csharp\n\nvar x = 1;\n");
            var doc = NotebookDocument.Load(dib);
            doc.Elements[1].Outputs.Add(new Microsoft.DotNet.Interactive.Documents.TextElement("out", "stdout"));
            string ipynb = Path.Combine(dir, "a.ipynb");
            File.WriteAllText(ipynb, NotebookDocument.ToIpynb(doc));
            var back = NotebookDocument.Load(ipynb);
            Assert.Equal(["markdown", "csharp"], back.Elements.Select(e => e.KernelName));
            Assert.Equal("var x = 1;", back.Elements[1].Contents.Trim());
            Assert.Single(back.Elements[1].Outputs);
            Assert.Empty(NotebookDocument.WithoutOutputs(back).Elements[1].Outputs);
            Assert.Contains("\".net-csharp\"", File.ReadAllText(ipynb)); // the kernel VS Code picks
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Discover_takes_a_folders_notebooks_in_order_without_underscore_files()
    {
        string dir = Path.Combine(Path.GetTempPath(), "rntk-nb-disc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            foreach (var f in new[] { "02-b.ipynb", "01-a.dib", "_setup.dib", "notes.txt" }) File.WriteAllText(Path.Combine(dir, f), "");
            Assert.Equal(["01-a.dib", "02-b.ipynb"], Cli.Discover([dir]).Select(Path.GetFileName));
            Assert.Throws<UsageException>(() => Cli.Discover([Path.Combine(dir, "missing")]));
        }
        finally { Directory.Delete(dir, true); }
    }
}
