using System.Runtime.InteropServices;
using Rntk.Cli;

// `rntk <command> [options]`. Errors a user can fix print one line on stderr and exit 2; a cancelled run exits 128 + the
// signal's number, as shells report a process the signal ended: 130 for Ctrl-C (SIGINT), 143 for SIGTERM, 129 for SIGHUP.
// All three cancel the same way: the command stops at its next check, its temporary files are removed and an existing
// output is left as it was.
using var cts = new CancellationTokenSource();
int cancelledExit = CommandLine.CancelledExitCode;   // 130: Ctrl-C, or a cancellation without a signal
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Cancel);
int exit = CommandLine.Run(args, Console.Out, Console.Error, cts.Token);
return exit == CommandLine.CancelledExitCode ? cancelledExit : exit;

void Cancel(PosixSignalContext context)
{
    // The first signal asks the command to stop and clean up; a second one (the command is in a step that does not
    // check for cancellation, e.g. one SVM fit) takes the default action and ends the process.
    if (cts.IsCancellationRequested) return;
    context.Cancel = true;
    cancelledExit = context.Signal == PosixSignal.SIGTERM ? 143 : 129;
    cts.Cancel();
}
