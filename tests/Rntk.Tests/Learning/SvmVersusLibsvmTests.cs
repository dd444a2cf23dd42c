using System.Globalization;
using Rntk.Data;
using Rntk.Gram;
using Rntk.Kernels;
using Rntk.Learning;
using Xunit.Abstractions;

namespace Rntk.Tests.Learning;

/// <summary>
/// Our C-SVC against libsvm's svm-train -s 0 -t 4 / svm-predict on real UCR datasets with real kernels: class order,
/// dual objective of every binary problem (≤ 1e-6 relative), support vectors (indices and counts), coefficients,
/// biases and every test prediction.
/// </summary>
public class SvmVersusLibsvmTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("GunPoint", "rntk", 1.0, false, 1e-6)]          // 2 classes, labels 1/2, many bounded α
    [InlineData("ECGFiveDays", "rntk", 100.0, true, 1e-6)]      // shrinking on in both
    [InlineData("CBF", "nngp", 10.0, false, 1e-6)]              // 3 classes: one-vs-one, voting, sv_coef layout
    [InlineData("FaceFour", "rntk", 1.0, true, 1e-6)]           // 4 classes: 6 machines, vote ties
    [InlineData("Lightning2", "linear", 0.01, false, 1e-6)]     // labels -1/1 with -1 first: libsvm's label swap
    [InlineData("SonyAIBORobotSurface1", "rntk", 1e4, false, 1e-6)] // large C: close to a hard margin
    [InlineData("ItalyPowerDemand", "rntk", 1.0, true, 1e-3)]   // libsvm's defaults (-e 0.001 -h 1)
    public void AgreesWithSvmTrainAndSvmPredict(string dataset, string kernel, double c, bool shrinking, double eps)
    {
        string svmTrain = Libsvm.Require("svm-train"), svmPredict = Libsvm.Require("svm-predict");
        var (gram, cross, trainLabels, testLabels) = Load(dataset, kernel);
        int[] trainRows = Enumerable.Range(0, gram.Rows).ToArray(), testRows = Enumerable.Range(0, cross.Rows).ToArray();

        var model = SupportVectorClassifier.Train(gram, trainLabels, new SvmParameters(c, eps, shrinking));
        int[] ours = model.Predict(cross, testRows);

        string dir = Directory.CreateTempSubdirectory("rntk-libsvm-").FullName;
        try
        {
            string train = Path.Combine(dir, "train"), test = Path.Combine(dir, "test"), modelFile = Path.Combine(dir, "model"),
                predFile = Path.Combine(dir, "pred");
            Libsvm.WriteKernelFile(train, gram, trainRows, trainRows, trainLabels);
            Libsvm.WriteKernelFile(test, cross, testRows, trainRows, testLabels);
            var ci = CultureInfo.InvariantCulture;
            string log = Libsvm.Run(svmTrain, string.Create(ci, $"-s 0 -t 4 -c {c:R} -e {eps:R} -h {(shrinking ? 1 : 0)} {train} {modelFile}"));
            Libsvm.Run(svmPredict, $"{test} {modelFile} {predFile}");
            var theirs = Libsvm.ReadModel(modelFile);
            int[] theirPred = File.ReadAllLines(predFile).Where(l => l.Length > 0).Select(l => (int)double.Parse(l, ci)).ToArray();

            Assert.Equal(theirs.Labels, model.Labels);
            Assert.Equal(theirs.NSv, model.SupportVectorCounts);
            Assert.Equal(theirs.SvSerials, model.SupportVectors.Select(p => p + 1));

            var printed = Libsvm.PrintedObjectives(log);
            Assert.Equal(model.Machines.Count, printed.Count);
            var theirObjectives = Objectives(gram, trainRows, theirs, model);
            double maxCoefDiff = 0, maxRhoDiff = 0;
            for (int p = 0; p < model.Machines.Count; p++)
            {
                double ourObj = model.Machines[p].Solution.Objective;
                output.WriteLine($"{dataset} machine {p}: obj ours {ourObj:R}, libsvm {theirObjectives[p]:R} (printed {printed[p]}), " +
                    $"rho ours {model.Rho[p]:R}, libsvm {theirs.Rho[p]:R}, iterations {model.Machines[p].Solution.Iterations}");
                TestData.AssertRelative(theirObjectives[p], ourObj, 1e-6, $"dual objective of machine {p}");
                // svm-train prints 6 decimals of an objective it accumulates with its single-precision Q cache: a loose check
                // that the machines are paired up in the same order.
                Assert.True(Math.Abs(ourObj - printed[p]) <= 1e-6 + 1e-5 * Math.Abs(ourObj), $"printed objective {printed[p]} vs {ourObj}");
                maxRhoDiff = Math.Max(maxRhoDiff, Math.Abs(model.Rho[p] - theirs.Rho[p]) / Math.Max(1, Math.Abs(theirs.Rho[p])));
            }
            for (int r = 0; r < theirs.SvCoef.Length; r++)
                for (int s = 0; s < theirs.SvCoef[r].Length; s++)
                    maxCoefDiff = Math.Max(maxCoefDiff, Math.Abs(model.SupportVectorCoefficients[r][s] - theirs.SvCoef[r][s]) / c);
            output.WriteLine($"max |Δcoef|/C = {maxCoefDiff:G3}, max relative |Δrho| = {maxRhoDiff:G3}, SVs {model.SupportVectors.Count}");
            Assert.True(maxCoefDiff < 1e-5, $"coefficients differ by {maxCoefDiff:G3}·C");
            Assert.True(maxRhoDiff < 1e-4, $"rho differs by {maxRhoDiff:G3} (relative)");
            Assert.Equal(theirPred, ours);
            double acc = ours.Zip(testLabels).Count(t => t.First == t.Second) / (double)ours.Length;
            output.WriteLine($"{dataset}: test accuracy {acc:F4}, {testRows.Length} test points");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>½ αᵀQα − eᵀα of each libsvm machine, from its model file's sv_coef, on our (double) Gram.</summary>
    private static double[] Objectives(KernelMatrix gram, int[] trainRows, Libsvm.Model m, SvmModel ours)
    {
        int nc = m.Labels.Length;
        var start = new int[nc];
        for (int c = 1; c < nc; c++) start[c] = start[c - 1] + m.NSv[c - 1];
        var result = new List<double>();
        for (int a = 0; a < nc; a++)
            for (int b = a + 1; b < nc; b++)
            {
                var idx = new List<int>();
                var coef = new List<double>();
                for (int k = 0; k < m.NSv[a]; k++) { idx.Add(m.SvSerials[start[a] + k] - 1); coef.Add(m.SvCoef[b - 1][start[a] + k]); }
                for (int k = 0; k < m.NSv[b]; k++) { idx.Add(m.SvSerials[start[b] + k] - 1); coef.Add(m.SvCoef[a][start[b] + k]); }
                double quad = 0, lin = 0;
                for (int i = 0; i < idx.Count; i++)
                {
                    lin += Math.Abs(coef[i]);
                    for (int j = 0; j < idx.Count; j++) quad += coef[i] * coef[j] * gram[trainRows[idx[i]], trainRows[idx[j]]];
                }
                result.Add(0.5 * quad - lin);
            }
        Assert.Equal(ours.Machines.Count, result.Count);
        return result.ToArray();
    }

    /// <summary>The train Gram, the test × train cross Gram, and integer labels as in the files.</summary>
    internal static (KernelMatrix Gram, KernelMatrix Cross, int[] TrainLabels, int[] TestLabels) Load(string dataset, string kernel)
    {
        string dir = Path.Combine(TestPaths.RequireUcr(), dataset);
        var train = UcrTsvReader.ReadRows(Path.Combine(dir, dataset + "_TRAIN.tsv"));
        var test = UcrTsvReader.ReadRows(Path.Combine(dir, dataset + "_TEST.tsv"));
        var trainSeqs = train.Select(r => Sequence.Univariate(r.Values)).ToList();
        var testSeqs = test.Select(r => Sequence.Univariate(r.Values)).ToList();
        KernelMatrix gram, cross;
        if (kernel == "linear")
        {
            gram = Linear(trainSeqs, trainSeqs);
            cross = Linear(testSeqs, trainSeqs);
        }
        else
        {
            var k = new RntkKernel(new KernelConfig(layers: 1, sigmaW: Math.Sqrt(2), sigmaU: 1, sigmaB: 0.2, sigmaH: 0.5));
            var kind = kernel == "nngp" ? KernelKind.Nngp : KernelKind.Rntk;
            gram = k.Gram(trainSeqs).Get(kind);
            cross = k.CrossGram(testSeqs, trainSeqs).Get(kind);
        }
        int Label(string s) => (int)double.Parse(s, CultureInfo.InvariantCulture);
        return (gram, cross, train.Select(r => Label(r.Label)).ToArray(), test.Select(r => Label(r.Label)).ToArray());
    }

    private static KernelMatrix Linear(List<Sequence> rows, List<Sequence> columns)
    {
        var m = new KernelMatrix(rows.Count, columns.Count);
        for (int i = 0; i < rows.Count; i++)
            for (int j = 0; j < columns.Count; j++)
            {
                var x = rows[i].Values;
                var y = columns[j].Values;
                double s = 0;
                for (int t = 0; t < x.Length; t++) s += x[t] * y[t];
                m[i, j] = s;
            }
        return m;
    }
}
