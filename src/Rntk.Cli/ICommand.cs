namespace Rntk.Cli;

/// <summary>One `rntk` sub-command. Commands are thin: parse options, call the library, print.</summary>
public interface ICommand
{
    /// <summary>The word after `rntk` (e.g. "kernel").</summary>
    string Name { get; }
    /// <summary>One line for `rntk --help`.</summary>
    string Summary { get; }
    /// <summary>Full usage text for `rntk NAME --help`.</summary>
    string Usage { get; }
    /// <summary>Options that take no value.</summary>
    IReadOnlyCollection<string> Flags { get; }
    /// <summary>Runs the command; returns the exit code. User errors throw <see cref="CliException"/>.</summary>
    int Run(CliArgs args, TextWriter stdout, TextWriter stderr, CancellationToken ct);
}
