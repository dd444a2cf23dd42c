using System.Text.Json;
using System.Text.RegularExpressions;

namespace Rntk.Notebooks.Tests;

public sealed class RunnerTests(RunnerFixture run) : IClassFixture<RunnerFixture>
{
    private string Output => run.Stdout + run.Stderr;

    [Fact]
    public void A_failing_cell_fails_the_run_and_is_named_with_its_error()
    {
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("bad.dib cell 2 (throw new InvalidOperationException(\"boom 42\");) failed", run.Stderr);
        Assert.Contains("boom 42", run.Stderr);
        // The cell after the failure is not run (it would see broken state): reported as skipped.
        Assert.Matches(@"FAIL bad\.dib: 1 passed, 1 failed, 1 skipped", run.Stdout);
    }

    [Fact]
    public void An_error_inside_an_imported_dib_fails_the_importing_cell()
    {
        Assert.Contains("badimport.dib cell 1 (#!import _broken.dib) failed", run.Stderr);
        Assert.Contains("error inside the import", run.Stderr);
        Assert.Matches(@"FAIL badimport\.dib: 0 passed, 1 failed, 1 skipped", run.Stdout);
        Assert.DoesNotContain("after the import", Output);
    }

    [Fact]
    public void Prints_passed_and_failed_counts_per_notebook_and_in_total()
    {
        Assert.Matches(@"ok   good\.dib: 4 passed, 0 failed", run.Stdout);
        Assert.Matches(@"(?m)^notebooks: 1 passed, 2 failed$", run.Stdout);
    }

    [Fact]
    public void The_executed_notebook_holds_the_outputs()
    {
        using var json = JsonDocument.Parse(run.ReadSite("good.ipynb"));
        var cells = json.RootElement.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal("markdown", cells[0].GetProperty("cell_type").GetString());
        var outputs = cells[2].GetProperty("outputs").EnumerateArray().ToList();
        var stream = outputs.Single(o => o.GetProperty("output_type").GetString() == "stream");
        Assert.Contains("hello from a cell", Text(stream.GetProperty("text")));
        var result = outputs.Single(o => o.GetProperty("output_type").GetString() == "execute_result");
        Assert.Contains("42", string.Concat(result.GetProperty("data").EnumerateObject().Select(p => Text(p.Value))));
        // Both chart cells produced Plotly output through Plotly.NET.Interactive's formatter (the extension loader ran).
        foreach (var c in cells.Skip(3))
            Assert.Contains("Plotly.newPlot", string.Concat(c.GetProperty("outputs")[0].GetProperty("data").EnumerateObject().Select(p => Text(p.Value))));
        // The failing notebook's error is recorded in its executed copy too.
        Assert.Contains("boom 42", run.ReadSite("bad.ipynb"));
    }

    /// <summary>nbformat stores text as a string or a list of lines.</summary>
    private static string Text(JsonElement e) => e.ValueKind == JsonValueKind.Array
        ? string.Concat(e.EnumerateArray().Select(x => x.GetString()))
        : e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();

    [Fact]
    public void The_page_inlines_plotly_js_once_and_draws_both_charts()
    {
        string html = run.ReadSite("good.html");
        Assert.Equal(1, Regex.Matches(html, Regex.Escape("For license information please see plotly.min.js.LICENSE.txt")).Count);
        Assert.Equal(2, Regex.Matches(html, @"<script>Plotly\.newPlot\(").Count);
        Assert.DoesNotContain("requirejs", html);
        // A page without charts does not carry plotly.js.
        Assert.DoesNotContain("plotly.min.js", run.ReadSite("bad.html"));
    }

    [Fact]
    public void The_page_holds_typeset_math_not_tex_source()
    {
        string html = run.ReadSite("good.html");
        Assert.Contains("class=\"katex\"", html);
        Assert.Contains("class=\"katex-display\"", html);
        Assert.Contains("<math", html);                        // MathML for screen readers
        Assert.DoesNotContain("$$\\Theta", html);               // no raw TeX left
        Assert.Contains("data:font/woff2;base64,", html);       // KaTeX fonts inlined
    }

    [Fact]
    public void Pages_load_nothing_from_the_network()
    {
        foreach (var page in new[] { "good.html", "bad.html", "badimport.html", "index.html" })
        {
            string html = run.ReadSite(page);
            Assert.DoesNotMatch(@"<script\b[^>]*\bsrc\s*=", html);
            Assert.DoesNotMatch(@"<link\b[^>]*\bhref\s*=\s*[""']?(https?:)?//", html);
            Assert.DoesNotMatch(@"url\(\s*[""']?(https?:)?//", html);
        }
    }

    [Fact]
    public void The_index_links_every_notebook_and_marks_failures()
    {
        string index = run.ReadSite("index.html");
        foreach (var name in new[] { "good", "bad", "badimport" })
            Assert.Contains($"href=\"{name}.html\"", index);
        Assert.Contains("A good notebook", index);           // the page title is the first heading
        Assert.Contains("1 failed cell(s)", index);
        Assert.DoesNotContain("_charts", index);             // files starting with '_' are imports, not tutorials
    }
}
