using System.Globalization;

namespace Rntk.Cli;

/// <summary>A user error on the command line: printed as one line on stderr, exit code 2, no stack trace.</summary>
public sealed class CliException(string message) : Exception(message);

/// <summary>
/// Parsed arguments: <c>--name value</c>, <c>--flag</c> and positionals. Every option a command reads is marked
/// as used; <see cref="EnsureAllUsed"/> then rejects the unknown ones, so a typo is an error, not a silent default.
/// </summary>
/// <remarks>
/// Hand-written rather than System.CommandLine: our commands need one-line errors on stderr, values such as
/// "-1,0.5" that start with a dash, and one parser shared by the CLI and its tests; the whole parser is this file.
/// </remarks>
public sealed class CliArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    // Options given without their value (last on the line, or followed by another --option): an error when read, and
    // "Unknown option" when never read — so a mistyped flag (--jsn) is named as such instead of swallowing the next
    // option as its value.
    private readonly HashSet<string> _withoutValue = new(StringComparer.Ordinal);
    public List<string> Positionals { get; } = [];

    /// <param name="args">The arguments after the command name.</param>
    /// <param name="flags">Options that take no value (e.g. "json", "bidirectional").</param>
    public CliArgs(IEnumerable<string> args, IEnumerable<string> flags)
    {
        var flagSet = new HashSet<string>(flags, StringComparer.Ordinal);
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            string a = list[i];
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                string name = a[2..];
                string? value = null;
                int eq = name.IndexOf('=');
                if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
                else if (!flagSet.Contains(name))
                {
                    // No value is ever spelled "--…" (negative numbers have one dash).
                    if (i + 1 >= list.Count || (list[i + 1].StartsWith("--", StringComparison.Ordinal) && list[i + 1].Length > 2))
                        _withoutValue.Add(name);
                    else value = list[++i];
                }
                if (!_options.TryAdd(name, value)) throw new CliException($"Option --{name} is given twice.");
            }
            else Positionals.Add(a);
        }
    }

    public bool Has(string name) { _used.Add(name); return _options.ContainsKey(name); }

    public bool Flag(string name)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out var v)) return false;
        if (v is null) return true;
        return v.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => throw new CliException($"Option --{name} is a flag; got value '{v}'."),
        };
    }

    public string? String(string name)
    {
        _used.Add(name);
        if (_withoutValue.Contains(name)) throw new CliException($"Option --{name} needs a value.");
        return _options.TryGetValue(name, out var v) ? v : null;
    }

    public string Required(string name) => String(name) ?? throw new CliException($"Option --{name} is required.");

    public double Double(string name, double fallback)
    {
        var s = String(name);
        if (s is null) return fallback;
        return ParseDouble(s, name);
    }

    public int Int(string name, int fallback)
    {
        var s = String(name);
        if (s is null) return fallback;
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
            throw new CliException($"Option --{name} needs an integer; got '{s}'.");
        return v;
    }

    /// <summary>A comma-separated list of numbers, e.g. "64,256,1024".</summary>
    public double[]? DoubleList(string name)
    {
        var s = String(name);
        return s?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => ParseDouble(x, name)).ToArray();
    }

    public static double ParseDouble(string s, string name)
    {
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            throw new CliException($"Option --{name} needs a number; got '{s}'.");
        return v;
    }

    /// <summary>Rejects options the command never read (typos) and, unless allowed, positionals.</summary>
    public void EnsureAllUsed(bool allowPositionals = false)
    {
        foreach (var k in _options.Keys)
            if (!_used.Contains(k)) throw new CliException($"Unknown option --{k}.");
        if (!allowPositionals && Positionals.Count > 0)
            throw new CliException($"Unexpected argument '{Positionals[0]}'.");
    }
}
