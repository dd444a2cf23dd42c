using Rntk.Cli;

// `rntk <command> [options]`. Errors a user can fix print one line on stderr and exit 2; a cancelled run exits 130.
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
return CommandLine.Run(args, Console.Out, Console.Error, cts.Token);
