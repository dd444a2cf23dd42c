using Rntk.Data;
using Rntk.Experiments;

namespace Rntk.Tests.Experiments;

/// <summary>
/// The run-time model behind `rntk ucr`'s progress, --order cost and --estimate: how it grows with length per method,
/// that the runner's progress follows it (monotone, every step known), and the CLI's plan.
/// </summary>
public class WorkEstimateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rntk-work-").FullName;
    private static readonly ExperimentOptions Options = new() { Grid = ExperimentGrid.Quick, Folds = 3 };

    public WorkEstimateTests()
    {
        foreach (int t in new[] { 10, 20, 30 }) SyntheticUcr.Write(_dir, $"Fixed{t}", train: 16, test: 12, seed: t, minLength: t, maxLength: t);
        SyntheticUcr.Write(_dir, "Waves", train: 20, test: 14, seed: 3);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private WorkEstimate Estimate(string name, params string[] methods)
    {
        var (train, test) = UcrArchive.Load(name, _dir, Options.Load);
        return WorkEstimate.For(train, test, methods, Options);
    }

    [Fact]
    public void AveragePoolingAndDtwGrowWithTheSquareOfTheLengthTheOthersLinearly()
    {
        string[] methods = ["rntk", "nngp", "rntk-avg", "rbf", "ed1nn", "dtw1nn"];
        var at = new[] { 10, 20, 30 }.Select(t => Estimate($"Fixed{t}", methods).Steps.ToDictionary(s => s.Label, s => s.Seconds)).ToArray();
        // Same sizes, lengths T, 2T, 3T: the classifier's share is the same in all three and cancels in differences.
        // A cost linear in T has equal differences; one quadratic in T has differences in the ratio (9 − 4)/(4 − 1) = 5/3.
        double Growth(string label) => (at[2][label] - at[1][label]) / (at[1][label] - at[0][label]);
        Assert.Equal(1, Growth("rntk+nngp"), 9);
        Assert.Equal(1, Growth("rbf"), 9);
        Assert.Equal(1, Growth("ed1nn"), 9);
        Assert.Equal(5.0 / 3, Growth("rntk-avg"), 9);
        Assert.Equal(5.0 / 3, Growth("dtw1nn"), 9);
        // 1-NN has no classifier: its cost is the kernel work alone, proportional to T and T².
        Assert.Equal(3, at[2]["ed1nn"] / at[0]["ed1nn"], 9);
        Assert.Equal(9, at[2]["dtw1nn"] / at[0]["dtw1nn"], 9);
        // One pass serves a family: adding nngp to rntk adds a grid search, not a Gram pass.
        var one = Estimate("Fixed30", "rntk").Steps.Single();
        var two = Estimate("Fixed30", "rntk", "nngp").Steps.Single();
        Assert.Equal("rntk", one.Label);
        Assert.True(two.Seconds > one.Seconds && two.Seconds < 2 * one.Seconds, $"{two.Seconds} vs {one.Seconds}");
    }

    [Fact]
    public void ProgressFollowsTheEstimateAndNeverGoesBack()
    {
        string[] methods = ["rntk", "rntk-avg", "nngp-avg", "poly", "ed1nn", "dtw1nn"];
        string[] datasets = ["Waves", "Fixed20"];
        var runner = new ExperimentRunner(Options);
        var plan = runner.Estimate(datasets, methods, _dir);
        var reports = new List<ExperimentProgress>();
        var progress = new Inline<ExperimentProgress>(p => { lock (reports) reports.Add(p); });
        runner.Run(datasets, methods, _dir, progress: progress);

        Assert.NotEmpty(reports);
        for (int k = 1; k < reports.Count; k++)
            Assert.True(reports[k].Overall >= reports[k - 1].Overall, $"report {k}: {reports[k].Overall} after {reports[k - 1].Overall}");
        // Every step reported is a step of the plan, in the plan's order, and the first dataset's share ends where
        // its estimated seconds put it.
        foreach (var g in reports.GroupBy(r => r.DatasetIndex))
        {
            var labels = plan[g.Key]!.Steps.Select(s => s.Label).ToList();
            var seen = g.Select(r => r.Method).Distinct().ToList();
            Assert.Equal(labels, seen);
        }
        double firstShare = plan[0]!.Seconds / plan.Sum(e => e!.Seconds);
        Assert.Equal(firstShare, reports.Last(r => r.DatasetIndex == 0).Overall, 9);
        Assert.True(reports[0].Overall < 0.05, $"starts at {reports[0].Overall}");
        Assert.Equal(1, reports[^1].Overall, 9);
    }

    [Fact]
    public void TheCliPlansWithoutRunningAndOrdersByCost()
    {
        string csv = Path.Combine(_dir, "results.csv");
        var (code, stdout, _) = Run(["ucr", "Fixed30", "Fixed10", "Fixed20", "--methods", "rntk-avg", "--estimate", "--order", "cost", "--data-dir", _dir, "--out", csv]);
        Assert.Equal(0, code);
        Assert.False(File.Exists(csv), "--estimate ran something");
        var names = stdout.Split('\n').Select(l => l.Split(' ')[0]).Where(n => n.StartsWith("Fixed")).ToList();
        Assert.Equal(["Fixed10", "Fixed20", "Fixed30"], names);
        Assert.Contains("total ", stdout);

        // Rows already in the results file cost nothing.
        new ExperimentRunner(Options).Run(["Fixed10"], ["rntk-avg"], _dir, csv);
        (code, stdout, _) = Run(["ucr", "Fixed10", "Fixed20", "--methods", "rntk-avg", "--estimate", "--json", "--data-dir", _dir, "--out", csv, "--folds", "3"]);
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["Fixed10", "Fixed20"], lines.Select(l => l.GetProperty("dataset").GetString()));
        Assert.Equal(0, lines[0].GetProperty("estimated_seconds").GetDouble());
        Assert.True(lines[1].GetProperty("estimated_seconds").GetDouble() > 0);

        // A name given twice is planned (and run) once; an empty method list is an error, not a crash.
        (code, stdout, _) = Run(["ucr", "Fixed20", "Fixed20", "--methods", "rntk-avg", "--estimate", "--json", "--data-dir", _dir]);
        Assert.Equal(0, code);
        Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var (bad, _, err) = Run(["ucr", "Fixed20", "--methods", ",", "--data-dir", _dir]);
        Assert.Equal(2, bad);
        Assert.Contains("--methods names no method", err);
    }

    private static (int Code, string Stdout, string Stderr) Run(string[] args) => Rntk.Tests.Cli.CliRunner.Run(args);

    private sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
