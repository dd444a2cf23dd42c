namespace Rntk.Notebooks.Rendering;

/// <summary>The style sheet every page and the index share (inlined: pages are standalone files).</summary>
internal static class SiteStyle
{
    public const string Css = """
        :root { --fg: #1d232b; --muted: #5b6573; --code-bg: #f5f7fa; --border: #dfe3ea; --accent: #2b5fb3; --bad: #b3261e; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--fg); background: #fff; font: 16px/1.6 "Segoe UI", "Noto Sans", "DejaVu Sans", Helvetica, Arial, sans-serif; }
        nav { display: flex; justify-content: space-between; gap: 1em; padding: .6em 1.5em; border-bottom: 1px solid var(--border); font-size: 14px; color: var(--muted); }
        nav a, main a { color: var(--accent); text-decoration: none; }
        nav a:hover, main a:hover { text-decoration: underline; }
        main { max-width: 1000px; margin: 0 auto; padding: 1em 1.5em 3em; }
        footer { max-width: 1000px; margin: 0 auto; padding: 1em 1.5em 2em; color: var(--muted); font-size: 13px; border-top: 1px solid var(--border); }
        h1 { font-size: 2em; line-height: 1.25; margin: .6em 0 .4em; }
        h2 { font-size: 1.45em; margin: 1.6em 0 .5em; border-bottom: 1px solid var(--border); padding-bottom: .2em; }
        h3 { font-size: 1.2em; margin: 1.3em 0 .4em; }
        section.md table, div.html table { border-collapse: collapse; margin: .6em 0; font-size: 14px; }
        section.md th, section.md td, div.html th, div.html td { border: 1px solid var(--border); padding: .25em .6em; text-align: right; }
        section.md th, div.html th { background: var(--code-bg); }
        code { font-family: "JetBrains Mono", "DejaVu Sans Mono", Consolas, monospace; font-size: 13.5px; }
        p code, li code { background: var(--code-bg); padding: .05em .3em; border-radius: 3px; }
        .cell { margin: 1em 0 1.4em; }
        .cell .in { position: relative; }
        .cell .in .n { position: absolute; left: -3.2em; top: .7em; width: 3em; text-align: right; color: var(--muted); font: 12px monospace; }
        .cell pre { margin: 0; }
        .cell .in pre { background: var(--code-bg); border: 1px solid var(--border); border-radius: 6px; padding: .7em 1em; overflow-x: auto; line-height: 1.45; }
        .cell .out { border-left: 3px solid var(--border); margin-top: .4em; padding: .2em 0 .2em .9em; overflow-x: auto; }
        .cell.failed .out { border-left-color: var(--bad); }
        pre.stdout, pre.stderr, pre.error { white-space: pre-wrap; font-size: 13.5px; margin: .3em 0; }
        pre.stderr { color: #8a5300; }
        pre.error { color: var(--bad); font-weight: 600; }
        .math-display { overflow-x: auto; overflow-y: hidden; }
        .plotly-chart { margin: .4em 0; }
        .kw { color: #0033b3; } .typ { color: #008080; } .str { color: #067d17; } .com { color: #8c8c8c; font-style: italic; }
        .num { color: #1750eb; } .dir { color: #871094; }
        .index li { margin: .8em 0; } .index .sum { color: var(--muted); font-size: 15px; } .index .bad { color: var(--bad); font-weight: 600; }
        @media (max-width: 800px) { .cell .in .n { display: none; } }
        """;
}
