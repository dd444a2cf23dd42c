using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Rntk.Notebooks.Execution;

/// <summary>
/// Runs every code cell of one notebook, in order, in a fresh kernel, and records outputs and errors.
/// Call it once per process: the formatter registry is static and <c>#r</c> assemblies never unload.
/// </summary>
public static class NotebookExecutor
{
    /// <param name="path">An .ipynb or .dib file.</param>
    /// <param name="cellTimeout">Longest a single cell may run before it counts as failed.</param>
    /// <param name="log">Receives one line per cell as it finishes (null: silent).</param>
    public static async Task<NotebookResult> RunAsync(
        string path, TimeSpan cellTimeout, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        path = Path.GetFullPath(path);
        var doc = NotebookDocument.Load(path);
        var total = Stopwatch.StartNew();

        // The kernel resolves #r and #!import paths against the current directory, as VS Code's host does
        // with --working-dir: run from the notebook's folder.
        Directory.SetCurrentDirectory(Path.GetDirectoryName(path)!);

        using var kernel = NotebookKernel.Create();
        var collector = new OutputCollector();
        using var subscription = kernel.KernelEvents.Subscribe(collector.OnEvent);
        // RNTK_NB_TRACE=FILE logs every kernel event (not to the console: the kernel captures it during a cell).
        using var trace = Environment.GetEnvironmentVariable("RNTK_NB_TRACE") is { Length: > 0 } traceFile ? new StreamWriter(traceFile) { AutoFlush = true } : null;
        using var traceSubscription = trace is null ? null : kernel.KernelEvents.Subscribe(e => { lock (trace) trace.WriteLine($"{e.GetType().Name} [{e.Command?.GetType().Name}] {e}"); });

        var executed = new InteractiveDocument();
        var cells = new List<CellResult>();
        bool failedBefore = false;
        int number = 0, executionCount = 0;
        foreach (var element in doc.Elements)
        {
            number++;
            if (element.KernelName == "markdown")
            {
                executed.Add(new InteractiveDocumentElement(element.Contents, "markdown"));
                continue;
            }
            string title = Title(element.Contents);
            if (failedBefore || string.IsNullOrWhiteSpace(element.Contents))
            {
                var status = failedBefore ? CellStatus.Skipped : CellStatus.Passed;
                cells.Add(new CellResult(number, title, status, null, [], TimeSpan.Zero));
                executed.Add(new InteractiveDocumentElement(element.Contents, element.KernelName));
                continue;
            }

            var sw = Stopwatch.StartNew();
            collector.Begin();
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(cellTimeout);
            string? timeoutError = null;
            try
            {
                var result = await kernel.SendAsync(new SubmitCode(element.Contents, element.KernelName), cts.Token);
                // Errors of the command itself; errors inside #!import-ed files arrive only as ErrorProduced
                // on KernelEvents (the parent command still "succeeds"), which the collector records.
                foreach (var e in result.Events.OfType<CommandFailed>()) collector.OnEvent(e);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                timeoutError = $"the cell ran longer than {cellTimeout.TotalSeconds:0} s and was cancelled";
            }
            var (outputs, error) = collector.End();
            if (timeoutError is not null)
            {
                error ??= timeoutError;
                outputs = [.. outputs, new ErrorElement(timeoutError, "TimeoutError")];
            }
            sw.Stop();

            var el = new InteractiveDocumentElement(element.Contents, element.KernelName, outputs) { ExecutionOrder = ++executionCount };
            executed.Add(el);
            var cell = new CellResult(number, title, error is null ? CellStatus.Passed : CellStatus.Failed, error, outputs, sw.Elapsed);
            cells.Add(cell);
            log?.Invoke(error is null
                ? $"  cell {number} passed ({sw.Elapsed.TotalSeconds:0.0} s): {title}"
                : $"  cell {number} FAILED ({sw.Elapsed.TotalSeconds:0.0} s): {title}\n    {FirstLine(error)}");
            if (error is not null) failedBefore = true;
        }
        return new NotebookResult(path, cells, executed, total.Elapsed);
    }

    /// <summary>The first non-blank line of a cell, shortened: how the runner names a cell in messages.</summary>
    public static string Title(string contents)
    {
        string line = contents.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "(empty)";
        return line.Length > 70 ? line[..67] + "..." : line;
    }

    /// <summary>The first line of an error (the message; the stack trace stays in the executed notebook).</summary>
    public static string FirstLine(string s) => s.Split('\n')[0].TrimEnd();

    /// <summary>Turns kernel events into notebook outputs for the cell that is running.</summary>
    private sealed class OutputCollector
    {
        private readonly object _lock = new();
        private List<InteractiveDocumentOutputElement> _outputs = [];
        private readonly Dictionary<string, int> _byValueId = [];
        private readonly HashSet<KernelCommandCompletionEvent> _seenFailures = [];
        private string? _error;
        private bool _active;

        public void Begin()
        {
            lock (_lock)
            {
                _outputs = [];
                _byValueId.Clear();
                _seenFailures.Clear();
                _error = null;
                _active = true;
            }
        }

        public (List<InteractiveDocumentOutputElement> Outputs, string? Error) End()
        {
            lock (_lock)
            {
                _active = false;
                return (_outputs, _error);
            }
        }

        public void OnEvent(KernelEvent e)
        {
            lock (_lock)
            {
                if (!_active) return;
                switch (e)
                {
                    case CommandFailed failed:
                        if (!_seenFailures.Add(failed)) return;
                        string message = failed.Message ?? failed.Exception?.Message ?? "command failed";
                        _error ??= message;
                        _outputs.Add(new ErrorElement(message, failed.Exception?.GetType().Name ?? "Error"));
                        break;
                    case ErrorProduced error:
                        _error ??= error.Message;
                        _outputs.Add(new ErrorElement(error.Message, "Error"));
                        break;
                    case StandardOutputValueProduced so:
                        AppendText(so, "stdout");
                        break;
                    case StandardErrorValueProduced se:
                        AppendText(se, "stderr");
                        break;
                    case ReturnValueProduced rv:
                        var ret = new ReturnValueElement();
                        foreach (var (k, v) in Data(rv)) ret.Data[k] = v;
                        if (ret.Data.Count > 0) _outputs.Add(ret);
                        break;
                    case DisplayedValueUpdated upd when upd.ValueId is not null && _byValueId.TryGetValue(upd.ValueId, out int at):
                        _outputs[at] = new DisplayElement(Data(upd));
                        break;
                    case DisplayedValueProduced dv:
                        var data = Data(dv);
                        if (data.Count == 0) break;
                        if (dv.ValueId is not null) _byValueId[dv.ValueId] = _outputs.Count;
                        _outputs.Add(new DisplayElement(data));
                        break;
                }
            }
        }

        private void AppendText(DisplayEvent e, string stream)
        {
            string text = string.Concat(e.FormattedValues.Where(f => f.MimeType == PlainTextFormatter.MimeType).Select(f => f.Value));
            if (text.Length == 0) return;
            // Console.Write calls arrive one by one: merge consecutive writes to one stream into one output.
            if (_outputs.Count > 0 && _outputs[^1] is TextElement last && last.Name == stream)
                _outputs[^1] = new TextElement(last.Text + text, stream);
            else
                _outputs.Add(new TextElement(text, stream));
        }

        private static Dictionary<string, object> Data(DisplayEvent e)
        {
            var d = new Dictionary<string, object>();
            foreach (var f in e.FormattedValues)
                if (!f.SuppressDisplay && f.Value is not null) d[f.MimeType] = f.Value;
            return d;
        }
    }
}
