using System.Diagnostics;
using System.Text.Json;

namespace Rntk.Notebooks.Rendering;

/// <summary>One formula: TeX source and whether it is set as a display (block) formula.</summary>
public readonly record struct Formula(string Tex, bool Display);

/// <summary>
/// Typesets formulas with KaTeX in one node process per page (about 0.2 s), so the page holds finished HTML and
/// MathML and needs no script. A formula KaTeX cannot parse fails the render with the formula named: a typo in
/// a tutorial's TeX fails CI instead of showing raw source.
/// </summary>
public static class MathRenderer
{
    private const string Script = """
        const katex = require(process.argv[2]);
        let input = '';
        process.stdin.setEncoding('utf8');
        process.stdin.on('data', d => input += d);
        process.stdin.on('end', () => {
          const out = JSON.parse(input).map(f => {
            try {
              return { html: katex.renderToString(f.tex, { displayMode: f.display, throwOnError: true, strict: 'ignore', output: 'htmlAndMathml' }) };
            } catch (e) {
              return { error: String(e.message || e) };
            }
          });
          process.stdout.write(JSON.stringify(out));
        });
        """;

    public static IReadOnlyList<string> Render(IReadOnlyList<Formula> formulas, KatexAssets katex, string where)
    {
        if (formulas.Count == 0) return [];
        string script = Path.Combine(Path.GetTempPath(), $"rntk-katex-{Environment.ProcessId}.js");
        File.WriteAllText(script, Script);
        try
        {
            var psi = new ProcessStartInfo("node")
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add(katex.ScriptPath);
            Process p;
            try
            {
                p = Process.Start(psi) ?? throw new RenderException("could not start node");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new RenderException($"{where}: node is needed to typeset formulas with KaTeX and was not found ({e.Message}).", e);
            }
            using (p)
            {
                var stdout = p.StandardOutput.ReadToEndAsync();
                var stderr = p.StandardError.ReadToEndAsync();
                p.StandardInput.Write(JsonSerializer.Serialize(formulas.Select(f => new { tex = f.Tex, display = f.Display })));
                p.StandardInput.Close();
                if (!p.WaitForExit(120_000)) { p.Kill(true); throw new RenderException($"{where}: KaTeX took over 2 minutes"); }
                if (p.ExitCode != 0) throw new RenderException($"{where}: node/KaTeX failed (exit {p.ExitCode}): {stderr.Result.Trim()}");
                var results = JsonSerializer.Deserialize<List<Dictionary<string, string>>>(stdout.Result)
                    ?? throw new RenderException($"{where}: KaTeX returned nothing");
                var html = new string[formulas.Count];
                var errors = new List<string>();
                for (int i = 0; i < formulas.Count; i++)
                {
                    if (results[i].TryGetValue("html", out var h)) html[i] = h;
                    else errors.Add($"  {(formulas[i].Display ? "$$" : "$")}{formulas[i].Tex}{(formulas[i].Display ? "$$" : "$")}: {results[i].GetValueOrDefault("error")}");
                }
                if (errors.Count > 0)
                    throw new RenderException($"{where}: {errors.Count} formula(s) KaTeX cannot typeset:\n{string.Join("\n", errors)}");
                return html;
            }
        }
        finally
        {
            File.Delete(script);
        }
    }
}
