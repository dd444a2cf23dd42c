using System.Runtime.InteropServices;
using Rntk.Cli;

// `rntk <command> [options]`. Errors a user can fix print one line on stderr and exit 2; a cancelled run exits 130.
// Ctrl-C, SIGTERM (kill, a job scheduler's time limit) and SIGHUP (a closed terminal) all cancel the same way: the
// command stops at its next check, its temporary files are removed and an existing output is left as it was.
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Cancel);
return CommandLine.Run(args, Console.Out, Console.Error, cts.Token);

void Cancel(PosixSignalContext context)
{
    // The first signal asks the command to stop and clean up; a second one (the command is in a step that does not
    // check for cancellation, e.g. one SVM fit) takes the default action and ends the process.
    if (cts.IsCancellationRequested) return;
    context.Cancel = true;
    cts.Cancel();
}
