using System.Globalization;
using Rntk.Data;

namespace Rntk.Cli;

/// <summary>
/// Sequences written on the command line. With ';' the value lists time steps separated by ';', each step's
/// channels separated by ','  ("1,0;0.5,-0.5" = two steps of two channels); without ';' it is one channel
/// with ',' between time steps ("0.5,-1,0.25").
/// </summary>
public static class SequenceParser
{
    public static Sequence Parse(string text, string option)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new CliException($"--{option} is empty: a sequence needs at least one time step.");
        string[][] steps = text.Contains(';')
            ? text.Split(';', StringSplitOptions.TrimEntries).Select(s => s.Split(',', StringSplitOptions.TrimEntries)).ToArray()
            : text.Split(',', StringSplitOptions.TrimEntries).Select(s => new[] { s }).ToArray();
        var rows = new List<double[]>();
        for (int t = 0; t < steps.Length; t++)
        {
            var row = new double[steps[t].Length];
            for (int c = 0; c < row.Length; c++)
            {
                if (!double.TryParse(steps[t][c], NumberStyles.Float, CultureInfo.InvariantCulture, out row[c]))
                    throw new CliException($"--{option}: time step {t}, channel {c}: '{steps[t][c]}' is not a number.");
                if (!double.IsFinite(row[c]))
                    throw new CliException($"--{option}: time step {t}, channel {c}: value {steps[t][c]} is not finite.");
            }
            rows.Add(row);
        }
        try { return Sequence.FromSteps(rows, $"--{option}"); }
        catch (ArgumentException e) { throw new CliException(e.Message); }
    }
}
