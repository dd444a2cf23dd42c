using System.Text.Json;
using Rntk.Experiments;

namespace Rntk.Tests.Experiments;

/// <summary>The results file (atomic appends, resuming, damaged files) and the runner end to end, library and `rntk ucr`.</summary>
public class RunnerAndCsvTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rntk-ucr-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ResultRow Row(string d, string m, double acc, string pars = "C=1") =>
        new(d, m, "quick", "znorm=on, \"quoted\"", pars, 0.75, acc, 1.5, 50, 150, 2, 12);

    [Fact]
    public void CsvRoundTripsAndAppendsAtomically()
    {
        string path = Path.Combine(_dir, "r.csv");
        Assert.Empty(ResultsCsv.Read(path).Rows);
        ResultsCsv.Append(path, Row("A", "rntk", 0.9));
        ResultsCsv.Append(path, Row("A", "ed1nn", 0.8, "") with { CvAccuracy = double.NaN });
        var (rows, dropped) = ResultsCsv.Read(path);
        Assert.Equal(0, dropped);
        Assert.Equal(2, rows.Count);
        Assert.Equal(Row("A", "rntk", 0.9), rows[0]);
        Assert.True(double.IsNaN(rows[1].CvAccuracy));
        Assert.Equal("znorm=on, \"quoted\"", rows[1].Options);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp")); // the temporary was renamed, not left behind
    }

    [Fact]
    public void ACutLastLineIsDroppedButDamageElsewhereIsAnError()
    {
        string path = Path.Combine(_dir, "r.csv");
        ResultsCsv.Write(path, [Row("A", "rntk", 0.9), Row("B", "rntk", 0.7)]);
        string text = File.ReadAllText(path);
        File.WriteAllText(path, text[..^20]); // a copy cut in the middle of the last row
        var (rows, dropped) = ResultsCsv.Read(path);
        Assert.Equal(1, dropped);
        Assert.Single(rows);
        ResultsCsv.Append(path, Row("C", "rntk", 0.5)); // rewriting drops the damaged line for good
        Assert.Equal(["A", "C"], ResultsCsv.Read(path).Rows.Select(r => r.Dataset));

        var lines = File.ReadAllLines(path).ToList();
        lines.Insert(1, "A,rntk,quick");
        File.WriteAllLines(path, lines);
        var e = Assert.Throws<InvalidDataException>(() => ResultsCsv.Read(path));
        Assert.Contains("line 2", e.Message);
        File.WriteAllText(Path.Combine(_dir, "other.csv"), "x,y\n1,2\n");
        Assert.Throws<InvalidDataException>(() => ResultsCsv.Read(Path.Combine(_dir, "other.csv")));
    }

    [Theory]
    [InlineData(8, "99999999999")]     // n_train beyond int: was an unhandled OverflowException
    [InlineData(6, "7.5")]             // an accuracy above 1 was shown in the table as it was
    [InlineData(6, "NaN")]
    [InlineData(5, "-0.1")]
    [InlineData(7, "-3")]              // seconds
    [InlineData(4, "Cgarbage")]        // params that are not key=value, found only when a table was printed
    public void DamagedValuesAreErrorsNamingTheLine(int field, string value)
    {
        string path = Path.Combine(_dir, "r.csv");
        ResultsCsv.Write(path, [Row("A", "rntk", 0.9), Row("B", "rntk", 0.7)]);
        var lines = File.ReadAllLines(path);
        // The options field holds a quoted comma: index through the parsed layout instead of the raw split.
        var parsed = ResultsCsv.Line(Row("B", "rntk", 0.7));
        Assert.Equal(parsed, lines[2]);
        var fields = new[] { "B", "rntk", "quick", "\"znorm=on, \"\"quoted\"\"\"", "C=1", "0.75", "0.7", "1.5", "50", "150", "2", "12" };
        fields[field] = value;
        lines[2] = string.Join(',', fields);
        File.WriteAllLines(path, lines);
        var e = Assert.Throws<InvalidDataException>(() => ResultsCsv.Read(path));
        Assert.Contains("line 3", e.Message);
    }

    [Fact]
    public void ConcurrentAppendsKeepEveryRow()
    {
        // Several processes (here: threads with their own file handles) sharing one results file: each append reads,
        // adds and renames under a lock, so no writer overwrites another's rows.
        string path = Path.Combine(_dir, "shared.csv");
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, w =>
        {
            for (int k = 0; k < 15; k++) ResultsCsv.Append(path, Row($"D{w}", $"m{k}", 0.5));
        });
        var rows = ResultsCsv.Read(path).Rows;
        Assert.Equal(8 * 15, rows.Count);
        Assert.Equal(8 * 15, rows.Select(r => r.Key).Distinct().Count());
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
        // The same key again (another process finished it first) replaces the row instead of adding a second one.
        ResultsCsv.Append(path, Row("D0", "m0", 0.25));
        rows = ResultsCsv.Read(path).Rows;
        Assert.Equal(8 * 15, rows.Count);
        Assert.Equal(0.25, rows.Single(r => r.Dataset == "D0" && r.Method == "m0").TestAccuracy);
    }

    [Fact]
    public void AHeldLockTimesOutWithAMessageAndHonoursCancellation()
    {
        string path = Path.Combine(_dir, "held.csv");
        using (ResultsCsv.Lock(path))
        {
            var e = Assert.Throws<IOException>(() => ResultsCsv.Lock(path, TimeSpan.FromMilliseconds(300), default));
            Assert.Contains(".held.csv.lock", e.Message);
            Assert.Contains("another process", e.Message);
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Assert.ThrowsAny<OperationCanceledException>(() => ResultsCsv.Lock(path, TimeSpan.FromMinutes(2), cts.Token));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"cancelled wait took {clock.Elapsed}");
        }
        using (ResultsCsv.Lock(path, TimeSpan.FromMilliseconds(300), default)) { }   // released: taken at once
    }

    [Fact]
    public void ARunResumesWhereItStopped()
    {
        string data = TestPaths.RequireUcr(), path = Path.Combine(_dir, "r.csv");
        var runner = new ExperimentRunner(new ExperimentOptions { Grid = ExperimentGrid.Quick, Folds = 3 });
        string[] methods = ["ed1nn", "dtw1nn"];
        var first = new List<(ResultRow Row, bool Cached)>();
        runner.Run(["SonyAIBORobotSurface1"], methods, data, path, onResult: (r, c) => first.Add((r, c)));
        Assert.Equal(methods, first.Select(x => x.Row.Method));
        Assert.All(first, x => Assert.False(x.Cached));

        // "Killed" after the first method: only its row is in the file; the rerun computes the second only.
        ResultsCsv.Write(path, [first[0].Row]);
        var second = new List<(ResultRow Row, bool Cached)>();
        var rows = runner.Run(["SonyAIBORobotSurface1"], methods, data, path, onResult: (r, c) => second.Add((r, c)));
        Assert.Equal([true, false], second.Select(x => x.Cached));
        Assert.Equal(first[1].Row with { Seconds = 0 }, second[1].Row with { Seconds = 0 }); // deterministic
        Assert.Equal(2, ResultsCsv.Read(path).Rows.Count);
        Assert.Equal(2, rows.Count);

        // Other options are another experiment: nothing is reused.
        var third = new List<bool>();
        new ExperimentRunner(new ExperimentOptions { Grid = ExperimentGrid.Quick, Folds = 3, Seed = 1 })
            .Run(["SonyAIBORobotSurface1"], ["ed1nn"], data, path, onResult: (_, c) => third.Add(c));
        Assert.Equal([false], third);
        Assert.Equal(3, ResultsCsv.Read(path).Rows.Count);
    }

    [Fact]
    public void RntkUcrEndToEndOnOneSmallDataset()
    {
        string data = TestPaths.RequireUcr(), path = Path.Combine(_dir, "results.csv");
        string[] args = ["ucr", "SonyAIBORobotSurface1", "--grid", "quick", "--methods", "rntk,nngp,linear,ed1nn,dtw1nn", "--folds", "3",
            "--data-dir", data, "--out", path];
        var (code, stdout, stderr) = Run([.. args, "--json"]);
        Assert.True(code == 0, stderr);
        var objs = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["rntk", "nngp", "linear", "ed1nn", "dtw1nn"], objs.Select(o => o.GetProperty("method").GetString()));
        foreach (var o in objs)
        {
            Assert.Equal("SonyAIBORobotSurface1", o.GetProperty("dataset").GetString());
            Assert.InRange(o.GetProperty("test_accuracy").GetDouble(), 0.0, 1.0);
            Assert.True(o.TryGetProperty("cv_accuracy", out _));
            Assert.Equal(JsonValueKind.Object, o.GetProperty("params").ValueKind);
        }
        var rntk = objs[0];
        Assert.Contains(rntk.GetProperty("params").GetProperty("C").GetDouble(), ExperimentGrid.Quick.C);
        Assert.Equal(1.4142135623730951, rntk.GetProperty("params").GetProperty("sigma_w").GetDouble());
        Assert.Equal(JsonValueKind.Null, objs[3].GetProperty("cv_accuracy").ValueKind);
        // The archive publishes 1-NN DTW (w=100) error 0.2745 on this dataset; the full-window DTW reproduces it.
        Assert.Equal(1 - 0.2745, objs[4].GetProperty("test_accuracy").GetDouble(), 4);

        // Second run: everything from the file, and the comparison table.
        (code, stdout, stderr) = Run(args);
        Assert.True(code == 0, stderr);
        Assert.Contains("mean rank", stdout);
        Assert.Contains("dtw-archive", stdout);
        Assert.Contains("SonyAIBORobotSurface1", stdout);
        Assert.Equal(5, ResultsCsv.Read(path).Rows.Count);

        // --order cost: SonyAIBORobotSurface1 (20 train, 601 test, length 70) before TwoLeadECG (23, 1139, 82).
        (code, stdout, _) = Run(["ucr", "TwoLeadECG", "SonyAIBORobotSurface1", "--methods", "ed1nn", "--order", "cost", "--json", "--quiet", "--data-dir", data]);
        Assert.Equal(0, code);
        Assert.Equal(["SonyAIBORobotSurface1", "TwoLeadECG"],
            stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("dataset").GetString()));

        Assert.Equal(2, Run(["ucr", "SonyAIBORobotSurface1", "--methods", "rntk,bogus", "--data-dir", data]).Code);
        Assert.Equal(2, Run(["ucr", "SonyAIBORobotSurface1", "--order", "size", "--data-dir", data]).Code);
        Assert.Equal(2, Run(["ucr", "NoSuchDataset", "--data-dir", data]).Code);
        // Unknown names are reported before any dataset is computed, all of them at once.
        var (badCode, badOut, badErr) = Run(["ucr", "SonyAIBORobotSurface1", "NoSuchOne", "NorThis", "--methods", "ed1nn", "--data-dir", data]);
        Assert.Equal(2, badCode);
        Assert.Equal("", badOut);
        Assert.Contains("NoSuchOne, NorThis", badErr);
        Assert.DoesNotContain("SonyAIBORobotSurface1 ed1nn", badErr);
        Assert.Equal(2, Run(["ucr", "--grid", "quick", "--data-dir", data]).Code);
    }

    private static (int Code, string Stdout, string Stderr) Run(string[] args) => Rntk.Tests.Cli.CliRunner.Run(args);
}
