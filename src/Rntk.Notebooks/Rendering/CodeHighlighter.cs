using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Rntk.Notebooks.Rendering;

/// <summary>
/// A small lexical highlighter for C# cells (comments, strings, numbers, keywords, #r/#! directives).
/// Written here because the pages must work without script, and a server-side highlighting package for
/// .NET would be a large dependency for four colours; it only colours tokens, it never changes the text.
/// </summary>
public static partial class CodeHighlighter
{
    private static readonly HashSet<string> Keywords =
    [
        "abstract", "as", "async", "await", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false",
        "finally", "fixed", "float", "for", "foreach", "get", "goto", "if", "implicit", "in", "init", "int", "interface", "internal",
        "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private",
        "protected", "public", "readonly", "record", "ref", "return", "sbyte", "sealed", "set", "short", "sizeof", "stackalloc",
        "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe",
        "ushort", "using", "var", "virtual", "void", "volatile", "when", "where", "while", "with", "yield", "select", "from",
    ];

    [GeneratedRegex("""
        (?<directive>^[ \t]*\#(?:!|r\b|i\b)[^\n]*)
        |(?<comment>//[^\n]*|/\*.*?\*/)
        |(?<string>\$?@"(?:[^"]|"")*"|\$?"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)+')
        |(?<number>\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[dDfFmMlL]?\b)
        |(?<word>\b[A-Za-z_][A-Za-z0-9_]*\b)
        """, RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Token();

    public static string Highlight(string code)
    {
        var sb = new StringBuilder(code.Length * 2);
        int pos = 0;
        foreach (Match m in Token().Matches(code))
        {
            sb.Append(WebUtility.HtmlEncode(code[pos..m.Index]));
            string cls = m.Groups["directive"].Success ? "dir"
                : m.Groups["comment"].Success ? "com"
                : m.Groups["string"].Success ? "str"
                : m.Groups["number"].Success ? "num"
                : Keywords.Contains(m.Value) ? "kw"
                : m.Value.Length > 0 && char.IsUpper(m.Value[0]) ? "typ" : "";
            string text = WebUtility.HtmlEncode(m.Value);
            if (cls.Length == 0) sb.Append(text);
            else sb.Append("<span class=\"").Append(cls).Append("\">").Append(text).Append("</span>");
            pos = m.Index + m.Length;
        }
        sb.Append(WebUtility.HtmlEncode(code[pos..]));
        return sb.ToString();
    }
}
