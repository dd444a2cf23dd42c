using Rntk.Cli.Commands;
using Rntk.Kernels;

namespace Rntk.Cli;

/// <summary>The registry of sub-commands and the error policy shared by all of them.</summary>
public static class CommandLine
{
    /// <summary>What <see cref="Run"/> returns for a cancelled command: 128 + SIGINT's 2, as a shell reports Ctrl-C
    /// (Program maps it to 143 or 129 when SIGTERM or SIGHUP asked).</summary>
    public const int CancelledExitCode = 130;

    /// <summary>Every command, in the order `rntk --help` lists them. Add a new command here.</summary>
    public static IReadOnlyList<ICommand> Commands { get; } =
    [
        new KernelCommand(),
        new GramCommand(),
        new ClassifyCommand(),
        new VerifyCommand(),
        new DataCommand(),
        new BaselinesCommand(),
        new UcrCommand(),
        new BenchCommand(),
    ];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            stdout.WriteLine("rntk — the recurrent neural tangent kernel (RNTK) and RNN-GP kernels.");
            stdout.WriteLine();
            stdout.WriteLine("Usage: rntk <command> [options]    (rntk <command> --help for its options)");
            stdout.WriteLine();
            foreach (var c in Commands) stdout.WriteLine($"  {c.Name,-10} {c.Summary}");
            return args.Length == 0 ? 2 : 0;
        }
        var cmd = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (cmd is null)
        {
            stderr.WriteLine($"rntk: unknown command '{args[0]}'. Commands: {string.Join(", ", Commands.Select(c => c.Name))}.");
            return 2;
        }
        if (args.Skip(1).Any(a => a is "--help" or "-h"))
        {
            stdout.WriteLine(cmd.Usage);
            return 0;
        }
        try
        {
            var parsed = new CliArgs(args.Skip(1), cmd.Flags);
            return cmd.Run(parsed, stdout, stderr, ct);
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine($"rntk {cmd.Name}: cancelled.");
            return CancelledExitCode;
        }
        catch (Exception e) when (IsUserError(e))
        {
            var inner = e is AggregateException ae ? ae.Flatten().InnerExceptions[0] : e;
            stderr.WriteLine($"rntk {cmd.Name}: {OneLine(inner.Message)}");
            return 2;
        }
    }

    /// <summary>Errors caused by input or environment, reported without a stack trace.</summary>
    private static bool IsUserError(Exception e) =>
        e is CliException or ArgumentException or KernelOverflowException or FormatException
            or IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException
            || (e is AggregateException ae && ae.InnerExceptions.All(IsUserError));

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");
}
