using System.Globalization;
using System.Text.Json;
using Rntk.Data;
using Rntk.Experiments;
using Rntk.IO;
using Rntk.Tests.Experiments;

namespace Rntk.Tests.Cli;

/// <summary>
/// `rntk classify` on your own files: the same choices and accuracies as `rntk ucr` on the same data, the same
/// predictions whether TEST is labelled, unlabelled TSV or .npy, and clear errors for files it cannot use.
/// </summary>
public sealed class ClassifyCommandTests : IDisposable
{
    private const string Name = "Waves";
    private readonly string _dir = Directory.CreateTempSubdirectory("rntk-classify-").FullName;
    private string Train => Path.Combine(_dir, Name, $"{Name}_TRAIN.tsv");
    private string Test => Path.Combine(_dir, Name, $"{Name}_TEST.tsv");

    public ClassifyCommandTests() => SyntheticUcr.Write(_dir, Name, train: 24, test: 30, seed: 4);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<JsonElement> JsonLines(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public void MatchesTheBenchmarkOnTheSameFilesAndWritesItsPredictions()
    {
        string[] methods = ["rntk", "nngp-norm", "rbf", "dtw1nn"];
        var (code, o, e) = CliRunner.Run("ucr", Name, "--data-dir", _dir, "--methods", string.Join(',', methods), "--json", "--quiet");
        Assert.True(code == 0, e);
        var ucr = JsonLines(o).ToDictionary(j => j.GetProperty("method").GetString()!);

        string csv = Path.Combine(_dir, "out", "predictions.csv");
        (code, o, e) = CliRunner.Run("classify", "--train", Train, "--test", Test, "--methods", string.Join(',', methods), "--out", csv, "--json", "--quiet");
        Assert.True(code == 0, e);
        var mine = JsonLines(o);
        Assert.Equal(methods, mine.Select(j => j.GetProperty("method").GetString()));
        var lines = File.ReadAllLines(csv);
        Assert.Equal("index," + string.Join(',', methods) + ",label", lines[0]);
        Assert.Equal(31, lines.Length);
        var truth = lines.Skip(1).Select(l => l.Split(',')[^1]).ToArray();
        Assert.All(truth, t => Assert.Contains(t, new[] { "1", "2" }));
        for (int m = 0; m < methods.Length; m++)
        {
            var j = mine[m];
            var u = ucr[methods[m]];
            Assert.Equal(u.GetProperty("test_accuracy").GetDouble(), j.GetProperty("test_accuracy").GetDouble());
            Assert.Equal(u.GetProperty("cv_accuracy").ToString(), j.GetProperty("cv_accuracy").ToString());
            Assert.Equal(u.GetProperty("params").ToString(), j.GetProperty("params").ToString());
            // The CSV's column and the JSON's predictions are the same labels, and they give the reported accuracy.
            var column = lines.Skip(1).Select(l => l.Split(',')[m + 1]).ToArray();
            Assert.Equal(j.GetProperty("predictions").EnumerateArray().Select(p => p.GetString()), column);
            double acc = column.Zip(truth).Count(p => p.First == p.Second) / 30.0;
            Assert.Equal(j.GetProperty("test_accuracy").GetDouble(), acc, 12);
        }
    }

    [Fact]
    public void UnlabelledTsvAndNpyGiveTheSamePredictions()
    {
        string labelled = Path.Combine(_dir, "a.csv"), tsv = Path.Combine(_dir, "b.csv"), npy = Path.Combine(_dir, "c.csv");
        var (code, _, e) = CliRunner.Run("classify", "--train", Train, "--test", Test, "--out", labelled, "--quiet");
        Assert.True(code == 0, e);

        // The same series without their label column: as TSV (NaN padding kept), and as an N×T .npy.
        var rows = File.ReadAllLines(Test);
        string noLabels = Path.Combine(_dir, "test-values.tsv");
        File.WriteAllLines(noLabels, rows.Select(r => r[(r.IndexOf('\t') + 1)..]));
        var values = rows.Select(r => r.Split('\t').Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        int T = values[0].Length;
        string x = Path.Combine(_dir, "test.npy");
        NpyFile.Write(x, values.SelectMany(v => v).ToArray(), values.Length, T);

        (code, var o, e) = CliRunner.Run("classify", "--train", Train, "--test", noLabels, "--unlabeled", "--out", tsv, "--quiet");
        Assert.True(code == 0, e);
        Assert.Contains("(unlabelled)", o);
        (code, _, e) = CliRunner.Run("classify", "--train", Train, "--test", x, "--out", npy, "--quiet");
        Assert.True(code == 0, e);

        var expected = File.ReadAllLines(labelled).Select(l => l[..l.LastIndexOf(',')]).ToArray();   // without the label column
        Assert.Equal("index,rntk,nngp", expected[0]);
        Assert.Equal(expected, File.ReadAllLines(tsv));
        Assert.Equal(expected, File.ReadAllLines(npy));
    }

    [Fact]
    public void LibraryClassifyReturnsPredictionsAndNoAccuracyWithoutLabels()
    {
        var load = new LoadOptions { ZNormalize = true, Missing = MissingValues.Interpolate };
        var trainRows = UcrArchive.ReadFile(Train, load.Missing);
        var testRows = UcrArchive.ReadFile(Test, load.Missing);
        var runner = new ExperimentRunner();
        var (train, test) = UcrArchive.Build(Name, trainRows, testRows, load);
        var known = runner.Classify(train, test, ["nngp", "ed1nn"]);
        var (_, unknown) = UcrArchive.Build(Name, trainRows, testRows, load, testLabelled: false);
        Assert.All(unknown.Labels, l => Assert.Equal(-1, l));
        var blind = runner.Classify(train, unknown, ["nngp", "ed1nn"]);
        for (int m = 0; m < 2; m++)
        {
            double acc = known[m].Predictions.Zip(test.Labels).Count(p => p.First == p.Second) / (double)test.Count;
            Assert.Equal(acc, known[m].Result.TestAccuracy, 12);
            Assert.True(double.IsNaN(blind[m].Result.TestAccuracy));
            Assert.Equal(known[m].Predictions, blind[m].Predictions);
            Assert.Equal(known[m].Result.Parameters, blind[m].Result.Parameters);
        }
    }

    [Fact]
    public void TheGpuKernelGivesTheSameChoicesAndPredictions()
    {
        // --device ilgpu-cpu runs the GPU kernel on ILGPU's CPU accelerator: the same rows and predictions as the CPU engines.
        string cpu = Path.Combine(_dir, "cpu.csv"), gpu = Path.Combine(_dir, "gpu.csv");
        var (code, o1, e) = CliRunner.Run("classify", "--train", Train, "--test", Test, "--methods", "rntk,nngp-avg", "--device", "cpu", "--out", cpu, "--json", "--quiet");
        Assert.True(code == 0, e);
        (code, var o2, e) = CliRunner.Run("classify", "--train", Train, "--test", Test, "--methods", "rntk,nngp-avg", "--device", "ilgpu-cpu", "--out", gpu, "--json", "--quiet");
        Assert.True(code == 0, e);
        Assert.Equal(File.ReadAllLines(cpu), File.ReadAllLines(gpu));
        string Stable(string json) => string.Join("\n", JsonLines(json).Select(j => j.GetProperty("params").ToString() + j.GetProperty("cv_accuracy")));
        Assert.Equal(Stable(o1), Stable(o2));
        if (Rntk.Gram.GramEngines.Accelerator?.GpuName is null)
        {
            (code, _, e) = CliRunner.Run("classify", "--train", Train, "--test", Test, "--device", "gpu", "--quiet");
            Assert.Equal(2, code);
            Assert.Contains("no CUDA GPU", e);
        }
    }

    [Fact]
    public void MultivariateTsWithoutLabelsAndLabelsThatNeedQuoting()
    {
        // A 2-channel dataset in .ts: TEST once with labels, once declaring @classLabel false; labels with a comma.
        var rng = new Random(9);
        string Case(int c, bool label)
        {
            int T = rng.Next(5, 12);
            string Dim(double f) => string.Join(",", Enumerable.Range(0, T).Select(t =>
                (Math.Sin(f * t + rng.NextDouble()) + 0.3 * rng.NextDouble()).ToString("R", CultureInfo.InvariantCulture)));
            string dims = Dim(c == 0 ? 0.5 : 1.3) + ":" + Dim(c == 0 ? 1.1 : 0.4);
            return label ? $"{dims}:{(c == 0 ? "slow,wave" : "fast")}" : dims;
        }
        string Header(bool labels) => $"@problemName mv\n@univariate false\n@dimensions 2\n@equalLength false\n@classLabel {(labels ? "true slow,wave fast" : "false")}\n@data\n";
        string train = Path.Combine(_dir, "mv_TRAIN.ts"), test = Path.Combine(_dir, "mv_TEST.ts"), blind = Path.Combine(_dir, "mv_NEW.ts");
        File.WriteAllText(train, Header(true) + string.Join("\n", Enumerable.Range(0, 16).Select(i => Case(i % 2, true))) + "\n");
        var testCases = Enumerable.Range(0, 10).Select(i => Case(i % 2, true)).ToList();
        File.WriteAllText(test, Header(true) + string.Join("\n", testCases) + "\n");
        File.WriteAllText(blind, Header(false) + string.Join("\n", testCases.Select(c => c[..c.LastIndexOf(':')])) + "\n");

        string a = Path.Combine(_dir, "mv-a.csv"), b = Path.Combine(_dir, "mv-b.csv");
        var (code, _, e) = CliRunner.Run("classify", "--train", train, "--test", test, "--methods", "nngp,ed1nn", "--out", a, "--quiet");
        Assert.True(code == 0, e);
        (code, var o, e) = CliRunner.Run("classify", "--train", train, "--test", blind, "--methods", "nngp,ed1nn", "--out", b, "--quiet");
        Assert.True(code == 0, e);
        Assert.Contains("(unlabelled)", o);
        var labelled = File.ReadAllLines(a);
        Assert.Equal("index,nngp,ed1nn,label", labelled[0]);
        Assert.Contains(labelled, l => l.EndsWith(",\"slow,wave\"", StringComparison.Ordinal));   // RFC 4180 quoting
        Assert.Equal(labelled.Select(l => l[..l.LastIndexOf(l.EndsWith('"') ? ",\"" : ",", StringComparison.Ordinal)]), File.ReadAllLines(b));
        (code, _, e) = CliRunner.Run("classify", "--train", train, "--test", test, "--unlabeled", "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("@classLabel true", e);
    }

    [Fact]
    public void FilesItCannotUseAreClearErrors()
    {
        string noLabels = Path.Combine(_dir, "values.tsv");
        File.WriteAllLines(noLabels, File.ReadAllLines(Test).Select(r => r[(r.IndexOf('\t') + 1)..]));
        var (code, _, e) = CliRunner.Run("classify", "--train", Train, "--test", noLabels, "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("does not occur in the training split", e);
        Assert.Contains("--unlabeled", e);

        string oneClass = Path.Combine(_dir, "one.tsv");
        File.WriteAllLines(oneClass, File.ReadAllLines(Train).Where(r => r.StartsWith("1\t", StringComparison.Ordinal)));
        (code, _, e) = CliRunner.Run("classify", "--train", oneClass, "--test", Test, "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("at least two classes", e);

        string ts = Path.Combine(_dir, "x.ts");
        File.WriteAllText(ts, "@problemName x\n@classLabel true 1 2\n@data\n1,2,3:1\n");
        (code, _, e) = CliRunner.Run("classify", "--train", Train, "--test", ts, "--unlabeled", "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("Drop --unlabeled", e);

        (code, _, e) = CliRunner.Run("classify", "--train", Train, "--test", Test, "--out", _dir, "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("is a folder", e);
        (code, _, e) = CliRunner.Run("classify", "--train", Train, "--test", Test, "--out", Path.Combine(_dir, "p.txt"), "--quiet");
        Assert.Equal(2, code);
        Assert.Contains(".csv", e);
        (code, _, e) = CliRunner.Run("classify", "--train", Train, "--test", Test, "--methods", "rntk,lstm", "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("Unknown method 'lstm'", e);
        (code, _, e) = CliRunner.Run("classify", "--train", Train, "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("--test", e);

        // Fits stopped at the SVM's iteration cap are reported as `rntk ucr` reports them (the same warning).
        (code, _, e) = CliRunner.Run("classify", "--train", Train, "--test", Test, "--methods", "linear", "--folds", "3", "--svm-max-iter", "1");
        Assert.Equal(0, code);
        Assert.Contains("linear: 10 of 10 SVM fits stopped at the iteration cap (1)", e);

        // A labelled file read with --unlabeled would classify its labels as step 0: refused.
        (code, _, e) = CliRunner.Run("classify", "--train", Train, "--test", Test, "--unlabeled", "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("label column", e);
        // --out naming an input would replace the data with the predictions.
        string copy = Path.Combine(_dir, "copy.csv");
        File.Copy(Test, copy);
        (code, _, e) = CliRunner.Run("classify", "--train", Train, "--test", copy, "--out", copy, "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("one of the input files", e);
        Assert.Equal(File.ReadAllBytes(Test), File.ReadAllBytes(copy));
        // TRAIN needs labels.
        string npy = Path.Combine(_dir, "x.npy");
        NpyFile.Write(npy, [1.0, 2, 3, 4], 2, 2);
        (code, _, e) = CliRunner.Run("classify", "--train", npy, "--test", Test, "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("TRAIN needs class labels", e);
        // A failed run leaves no folder behind for its --out.
        (code, _, _) = CliRunner.Run("classify", "--train", oneClass, "--test", Test, "--out", Path.Combine(_dir, "new", "deeper", "p.csv"), "--quiet");
        Assert.Equal(2, code);
        Assert.False(Directory.Exists(Path.Combine(_dir, "new")));
    }
}
