using System.Text.RegularExpressions;

namespace Rntk.Notebooks.Rendering;

/// <summary>
/// plotly.js for offline pages, and the rewrite of Plotly.NET chart outputs to use it. Plotly.NET 6 embeds
/// plotly.js (2.28.0) as a resource of Plotly.NET.dll; a page inlines it once (3.6 MB) and every chart calls
/// <c>Plotly.newPlot</c> directly, instead of loading require.js and plotly.js from CDNs as the notebook output does.
/// </summary>
public static partial class PlotlyAssets
{
    private static string? _script;

    /// <summary>The minified plotly.js shipped inside Plotly.NET.</summary>
    public static string Script()
    {
        if (_script is not null) return _script;
        var asm = typeof(Plotly.NET.GenericChart).Assembly;
        string name = asm.GetManifestResourceNames()
            .SingleOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new RenderException($"plotly.js is not embedded in {asm.Location}");
        using var s = asm.GetManifestResourceStream(name)!;
        using var r = new StreamReader(s);
        // An inline script ends at the first "</script"; plotly.min.js has none today, escape any that appear.
        return _script = r.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when an HTML output is a Plotly chart (Plotly.NET's or any output calling Plotly.newPlot).</summary>
    public static bool IsChart(string html) => html.Contains("Plotly.newPlot", StringComparison.Ordinal);

    /// <summary>
    /// Plotly.NET's notebook output as a div plus one direct <c>Plotly.newPlot</c> call. The data, layout and config
    /// are Plotly.NET's own JSON lines, taken verbatim. An output of another shape fails rather than leaving a
    /// page that needs the network.
    /// </summary>
    public static string RewriteChart(string html, string where)
    {
        var id = NewPlotId().Match(html);
        var data = VarLine("data").Match(html);
        var layout = VarLine("layout").Match(html);
        var config = VarLine("config").Match(html);
        if (!id.Success || !data.Success || !layout.Success)
            throw new RenderException($"{where}: a Plotly output of an unknown shape (no Plotly.newPlot('id', data, layout …) with var data/layout lines); cannot render it offline.");
        string divId = id.Groups[1].Value;
        string cfg = config.Success ? config.Groups[1].Value : "{\"responsive\":true}";
        return $"<div class=\"plotly-chart\"><div id=\"{divId}\"></div><script>Plotly.newPlot(\"{divId}\", {Safe(data.Groups[1].Value)}, {Safe(layout.Groups[1].Value)}, {Safe(cfg)});</script></div>";
    }

    // JSON inside <script>: "</" would end the element early; "<\/" means the same in a JSON string.
    private static string Safe(string json) => json.Replace("</", "<\\/", StringComparison.Ordinal);

    [GeneratedRegex(@"Plotly\.newPlot\(\s*['""]([A-Za-z0-9_-]+)['""]")]
    private static partial Regex NewPlotId();

    private static Regex VarLine(string name) => new($@"^\s*var {name} = (.*);\s*$", RegexOptions.Multiline);
}
