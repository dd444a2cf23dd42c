using Rntk.Data;
using Rntk.Experiments;
using Rntk.Gram;
using Rntk.Kernels;
using Rntk.Learning;

namespace Rntk.Tests.Experiments;

/// <summary>
/// The recurrent methods of `rntk ucr` beyond rntk/nngp (cosine-normalised, average pooling), resuming with them,
/// and SVM fits stopped at the iteration cap, on a small synthetic variable-length dataset.
/// </summary>
public class RecurrentMethodsTests : IDisposable
{
    private const string Name = "SynthWaves";
    private readonly string _dir = Directory.CreateTempSubdirectory("rntk-ucrx-").FullName;
    private static readonly ExperimentOptions Options = new() { Grid = ExperimentGrid.Quick, Folds = 3 };

    public RecurrentMethodsTests() => SyntheticUcr.Write(_dir, Name);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void NormalisedAndAveragePoolingRowsAreWhatTheLibraryGives()
    {
        string[] methods = ["rntk", "rntk-norm", "nngp-norm", "rntk-avg", "nngp-avg", "rntk-bi", "nngp-bi", "rntk-bi-avg", "nngp-bi-avg"];
        var rows = new ExperimentRunner(Options).Run([Name], methods, _dir);
        Assert.Equal(methods, rows.Select(r => r.Method));
        var (train, test) = UcrArchive.Load(Name, _dir, Options.Load);
        var byMethod = rows.ToDictionary(r => r.Method);
        foreach (var m in RecurrentMethod.All.Where(m => methods.Contains(m.Name)))
        {
            var expected = Expected(train, test, m);
            var row = byMethod[m.Name];
            Assert.Equal(expected.Params, row.Parameters);
            Assert.Equal(expected.Cv, row.CvAccuracy);
            Assert.Equal(expected.Test, row.TestAccuracy);
            Assert.Equal(ExperimentGrid.Quick.Recurrent.Count * ExperimentGrid.Quick.C.Count, row.Candidates);
            var p = row.ParameterDictionary();
            if (m.Readout == Readout.AveragePooling) Assert.Equal("average_pooling", p["readout"]);
            else Assert.False(p.ContainsKey("readout"));
            if (m.Direction == Direction.Bidirectional) Assert.Equal("bidirectional", p["direction"]);
            else Assert.False(p.ContainsKey("direction"));
        }
        // The data tell the kernels apart, so the comparison above would notice a missing normalisation or readout.
        var raw = Expected(train, test, RecurrentMethod.Find("rntk")!);
        Assert.NotEqual((raw.Cv, raw.Test), (byMethod["rntk-norm"].CvAccuracy, byMethod["rntk-norm"].TestAccuracy));
        Assert.NotEqual((raw.Cv, raw.Test), (byMethod["rntk-avg"].CvAccuracy, byMethod["rntk-avg"].TestAccuracy));
        Assert.NotEqual((raw.Cv, raw.Test), (byMethod["rntk-bi"].CvAccuracy, byMethod["rntk-bi"].TestAccuracy));
    }

    [Fact]
    public void AResumedRunComputesOnlyTheMissingRowsInOnePassPerConfiguration()
    {
        string path = Path.Combine(_dir, "results.csv");
        var runner = new ExperimentRunner(Options);
        runner.Run([Name], ["rntk", "nngp", "ed1nn"], _dir, path);

        string[] methods = ["rntk", "nngp", "rntk-norm", "nngp-norm", "ed1nn"];
        var progress = new Recorder();
        var seen = new List<(string Method, bool Cached)>();
        runner.Run([Name], methods, _dir, path, progress, (r, c) => seen.Add((r.Method, c)));
        Assert.Equal([("rntk", true), ("nngp", true), ("ed1nn", true), ("rntk-norm", false), ("nngp-norm", false)], seen);
        // One recurrent family ran, the missing pair only, and went through the grid's configurations once.
        Assert.Equal(["rntk-norm+nngp-norm"], progress.Reports.Select(p => p.Method).Distinct());
        var candidates = progress.Reports.Select(p => p.Candidate).ToList();
        Assert.Equal(Enumerable.Range(0, ExperimentGrid.Quick.Recurrent.Count), candidates.Distinct());
        Assert.Equal(candidates.Order(), candidates);
        Assert.Equal(5, ResultsCsv.Read(path).Rows.Count);

        // The same rows as a run of all four at once.
        var fresh = runner.Run([Name], ["rntk", "nngp", "rntk-norm", "nngp-norm"], _dir);
        var stored = ResultsCsv.Read(path).Rows.ToDictionary(r => r.Method);
        foreach (var r in fresh) Assert.Equal(r with { Seconds = 0 }, stored[r.Method] with { Seconds = 0 });
    }

    [Fact]
    public void FitsStoppedAtTheIterationCapAreRecordedAndReported()
    {
        // A cap of one SMO iteration stops every fit: candidates × folds + the refit.
        var capped = new ExperimentRunner(Options with { SvmMaxIterations = 1 }).Run([Name], ["linear", "rntk-norm"], _dir);
        foreach (var row in capped)
        {
            var p = row.ParameterDictionary();
            Assert.Equal((double)(row.Candidates * 3 + 1), p[ExperimentRunner.UnconvergedFitsKey]);
            Assert.Equal("unconverged", p["refit"]);
            Assert.Contains("max_iter=1", row.Options);
        }
        foreach (var row in new ExperimentRunner(Options).Run([Name], ["linear", "rntk-norm"], _dir))
        {
            Assert.False(row.ParameterDictionary().ContainsKey(ExperimentRunner.UnconvergedFitsKey), row.Parameters);
            Assert.False(row.ParameterDictionary().ContainsKey("refit"), row.Parameters);
        }

        var (code, _, stderr) = Run(["ucr", Name, "--methods", "linear", "--folds", "3", "--svm-max-iter", "1", "--data-dir", _dir, "--no-archive"]);
        Assert.True(code == 0, stderr);
        Assert.Contains($"warning: {Name} linear: 10 of 10 SVM fits stopped at the iteration cap (1)", stderr);
        Assert.Contains("refit among them", stderr);
        (code, _, stderr) = Run(["ucr", Name, "--methods", "linear", "--folds", "3", "--data-dir", _dir, "--no-archive"]);
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("warning", stderr);
        Assert.Equal(2, Run(["ucr", Name, "--svm-max-iter", "0", "--data-dir", _dir]).Code);
        Assert.Equal(2, Run(["ucr", Name, "--svm-max-iter", "2.5", "--data-dir", _dir]).Code);
    }

    [Fact]
    public void TheComparisonTableUsesTheReferenceAsked()
    {
        string csv = Path.Combine(_dir, "results.csv");
        string[] common = ["ucr", Name, "--methods", "rntk,nngp,ed1nn", "--folds", "3", "--data-dir", _dir, "--out", csv, "--quiet"];
        var (code, stdout, _) = Run(common);
        Assert.Equal(0, code);
        Assert.Contains("rntk W/T/L", stdout);
        (code, stdout, _) = Run([.. common, "--reference", "ed1nn"]);
        Assert.Equal(0, code);
        Assert.Contains("ed1nn W/T/L", stdout);
        Assert.DoesNotContain("rntk W/T/L", stdout);
        Assert.Contains("are ed1nn against each column", stdout);
        (code, _, var stderr) = Run([.. common, "--reference", "rbf"]);
        Assert.Equal(2, code);
        Assert.Contains("--reference rbf is not among the methods run", stderr);
    }

    [Fact]
    public void AComparisonWithEveryDatasetTiedSaysSoInsteadOfNaN()
    {
        ResultRow Row(string d, string m, double acc) => new(d, m, "quick", "", "", double.NaN, acc, 1, 10, 10, 2, 1);
        var rows = new[] { Row("A", "rntk", 0.9), Row("A", "nngp", 0.9), Row("B", "rntk", 0.8), Row("B", "nngp", 0.8) };
        string table = Rntk.Cli.ComparisonTable.Format(ResultSummary.Compute(rows, ["rntk", "nngp"]));
        Assert.Contains("all tied", table);
        Assert.DoesNotContain("NaN", table);
    }

    /// <summary>What the runner must give for a recurrent method, composed here from the library's pieces.</summary>
    private static (string Params, double Cv, double Test) Expected(LabeledDataset train, LabeledDataset test, RecurrentMethod m)
    {
        var svm = new SupportVectorClassifier(new SvmParameters(epsilon: Options.SvmEpsilon, maxIterations: Options.SvmMaxIterations));
        var search = new GridSearch<KernelConfig>(svm, ExperimentGrid.Quick.C, Enumerable.Range(0, train.Count).ToArray(), train.Labels, folds: 3, seed: 0);
        double Of(KernelValue v) => m.Kind == KernelKind.Rntk ? v.Rntk : v.Nngp;
        foreach (var gridConfig in ExperimentGrid.Quick.Recurrent)
        {
            var k = new RntkKernel(gridConfig.With(readout: m.Readout, direction: m.Direction));
            var g = k.Gram(train.Sequences).Get(m.Kind);
            var cross = k.CrossGram(test.Sequences, train.Sequences).Get(m.Kind);
            if (m.Normalized)
            {
                cross = KernelNormalization.Cosine(cross, k.SelfValues(test.Sequences).Select(Of).ToArray(), KernelNormalization.Diagonal(g));
                g = KernelNormalization.Cosine(g);
            }
            search.Add(k.Config, StackedGram.Stack(g, cross));
        }
        var r = search.Finish(Enumerable.Range(train.Count, test.Count).ToArray(), test.Labels);
        return (ResultRow.FormatParameters([.. ExperimentGrid.Describe(r.Kernel), new("C", r.Parameter)]), r.CvAccuracy, r.TestAccuracy);
    }

    private static (int Code, string Stdout, string Stderr) Run(string[] args) => Rntk.Tests.Cli.CliRunner.Run(args);

    private sealed class Recorder : IProgress<ExperimentProgress>
    {
        private readonly List<ExperimentProgress> _reports = [];
        public List<ExperimentProgress> Reports { get { lock (_reports) return [.. _reports]; } }
        public void Report(ExperimentProgress value) { lock (_reports) _reports.Add(value); }
    }
}
