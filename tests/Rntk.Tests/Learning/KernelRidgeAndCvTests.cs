using MathNet.Numerics.LinearAlgebra;
using Rntk.Gram;
using Rntk.Learning;

namespace Rntk.Tests.Learning;

/// <summary>Kernel ridge against a direct MathNet solve; stratified folds; cross-validation and grid search bookkeeping.</summary>
public class KernelRidgeAndCvTests
{
    /// <summary>An RBF Gram of n random 3-D points in three shifted clusters, and their labels 7, 3, 5 (not 0..C−1 on purpose).</summary>
    internal static (KernelMatrix K, int[] Labels) Clusters(int n, int seed = 3, double gamma = 0.5)
    {
        var rng = new Random(seed);
        int[] codes = [7, 3, 5];
        var x = new double[n][];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int c = rng.Next(3);
            labels[i] = codes[c];
            x[i] = [c + rng.NextDouble() * 1.5, rng.NextDouble() - c * 0.5, rng.NextDouble()];
        }
        var k = new KernelMatrix(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double d = 0;
                for (int t = 0; t < 3; t++) d += (x[i][t] - x[j][t]) * (x[i][t] - x[j][t]);
                k[i, j] = Math.Exp(-gamma * d);
            }
        return (k, labels);
    }

    [Theory]
    [InlineData(1e-3, true)]
    [InlineData(0.5, false)]
    public void KernelRidgeEqualsDirectSolve(double lambda, bool relative)
    {
        var (k, labels) = Clusters(60);
        int[] train = Enumerable.Range(0, 45).ToArray(), test = Enumerable.Range(45, 15).ToArray();
        var trainLabels = train.Select(i => labels[i]).ToArray();
        var model = new KernelRidgeClassifier(relative).Fit(k, train, trainLabels, lambda);

        // Direct: LU solve of (K + μI) A = Y with one-hot Y, classes in order of first appearance.
        var classes = trainLabels.Distinct().ToArray();
        Assert.Equal(classes, model.Labels);
        var kt = Matrix<double>.Build.Dense(45, 45, (i, j) => k[i, j]);
        double mu = relative ? lambda * kt.Diagonal().Sum() / 45 : lambda;
        Assert.Equal(mu, model.Ridge, 12);
        var y = Matrix<double>.Build.Dense(45, classes.Length, (i, c) => trainLabels[i] == classes[c] ? 1 : 0);
        var a = (kt + mu * Matrix<double>.Build.DenseIdentity(45)).LU().Solve(y);
        for (int i = 0; i < 45; i++)
            for (int c = 0; c < classes.Length; c++)
                Assert.True(Math.Abs(a[i, c] - model.Coefficients[i, c]) <= 1e-9 * Math.Max(1, Math.Abs(a[i, c])), $"A[{i},{c}]");

        var scores = Matrix<double>.Build.Dense(15, 45, (q, i) => k[test[q], i]) * a;
        var expected = Enumerable.Range(0, 15).Select(q => classes[scores.Row(q).MaximumIndex()]).ToArray();
        Assert.Equal(expected, model.Predict(k, test));
        Assert.True(CrossValidation.Accuracy(expected, test.Select(i => labels[i]).ToArray()) > 0.8, "clusters are easy");
    }

    [Fact]
    public void KernelRidgeRejectsAnIndefiniteKernel()
    {
        var k = new KernelMatrix(2, 2, [1, 3, 3, 1]); // eigenvalues 4 and −2
        var e = Assert.Throws<ArgumentException>(() => new KernelRidgeClassifier(relativeRidge: false).Fit(k, [0, 1], [0, 1], 1e-3));
        Assert.Contains("positive definite", e.Message);
    }

    [Fact]
    public void StratifiedFoldsPartitionAndBalanceEveryClass()
    {
        var labels = Enumerable.Range(0, 103).Select(i => i % 7 == 0 ? 9 : i % 3).ToArray(); // 4 classes of unequal size
        var folds = StratifiedKFold.Split(labels, 5, seed: 42);
        Assert.Equal(5, folds.Length);
        Assert.Equal(Enumerable.Range(0, 103), folds.SelectMany(f => f).Order());
        Assert.True(folds.Max(f => f.Length) - folds.Min(f => f.Length) <= 1, "fold sizes differ by at most one");
        foreach (int c in labels.Distinct())
        {
            int nc = labels.Count(l => l == c);
            foreach (var f in folds)
            {
                int inFold = f.Count(i => labels[i] == c);
                Assert.InRange(inFold, nc / 5, (nc + 4) / 5);
            }
        }
        Assert.Equal(folds, StratifiedKFold.Split(labels, 5, seed: 42));
        Assert.NotEqual(folds, StratifiedKFold.Split(labels, 5, seed: 43));
        Assert.Equal(103, folds[2].Length + StratifiedKFold.TrainingPositions(folds, 2, 103).Length);
        Assert.Throws<ArgumentException>(() => StratifiedKFold.Split(labels, 1, 0));
        Assert.Throws<ArgumentException>(() => StratifiedKFold.Split([1, 2], 3, 0));
    }

    [Fact]
    public void CrossValidationIsTheMeanOfFoldAccuraciesAndThreadIndependent()
    {
        var (k, labels) = Clusters(50, seed: 8, gamma: 4);
        int[] rows = Enumerable.Range(0, 50).ToArray();
        var folds = StratifiedKFold.Split(labels, 4, seed: 1);
        double[] cs = [0.01, 1, 100];
        var svm = new SupportVectorClassifier();
        var parallel = CrossValidation.Evaluate(svm, k, rows, labels, cs, folds);
        var serial = CrossValidation.Evaluate(svm, k, rows, labels, cs, folds, maxDegreeOfParallelism: 1);
        Assert.Equal(serial, parallel);
        for (int p = 0; p < cs.Length; p++)
        {
            double sum = 0;
            for (int f = 0; f < folds.Length; f++)
            {
                var tr = StratifiedKFold.TrainingPositions(folds, f, 50);
                var model = SupportVectorClassifier.Train(k, tr, tr.Select(i => labels[i]).ToArray(), new SvmParameters(cs[p]));
                sum += CrossValidation.Accuracy(model.Predict(k, folds[f]), folds[f].Select(i => labels[i]).ToArray());
            }
            Assert.Equal(sum / folds.Length, parallel[p], 15);
        }
    }

    [Fact]
    public void GridSearchPicksTheFirstBestAndRefitsOnAllTrainingPoints()
    {
        var (good, labels) = Clusters(80, seed: 5, gamma: 2);
        var useless = new KernelMatrix(80, 80);
        for (int i = 0; i < 80; i++) useless[i, i] = 1; // identity: no generalisation at all
        int[] train = Enumerable.Range(0, 60).ToArray(), test = Enumerable.Range(60, 20).ToArray();
        var trainLabels = train.Select(i => labels[i]).ToArray();
        var search = new GridSearch<string>(new SupportVectorClassifier(), [1, 10, 100], train, trainLabels, folds: 5, seed: 7);
        search.Add("identity", useless);
        search.Add("rbf", good);
        search.Add("rbf-again", good); // the same accuracies: the first one seen keeps the lead
        Assert.Equal(9, search.Points.Count);
        var result = search.Finish(test, test.Select(i => labels[i]).ToArray());
        Assert.Equal("rbf", result.Kernel);
        var rbfPoints = search.Points.Where(p => p.Kernel == "rbf").ToList();
        double bestCv = rbfPoints.Max(p => p.CvAccuracy);
        Assert.Equal(rbfPoints.First(p => p.CvAccuracy == bestCv).Parameter, result.Parameter);
        Assert.Equal(bestCv, result.CvAccuracy);

        var refit = SupportVectorClassifier.Train(good, train, trainLabels, new SvmParameters(result.Parameter));
        Assert.Equal(refit.Predict(good, test), result.TestPredictions);
        Assert.Equal(CrossValidation.Accuracy(result.TestPredictions, test.Select(i => labels[i]).ToArray()), result.TestAccuracy);
    }

    [Fact]
    public void SvmWithOneTrainingClassPredictsThatClassLikeLibsvm()
    {
        var (k, _) = Clusters(10);
        var model = SupportVectorClassifier.Train(k, [0, 1, 2], [4, 4, 4], new SvmParameters());
        Assert.Empty(model.Machines);
        Assert.Equal([4, 4], model.Predict(k, [5, 6]));
    }

    [Fact]
    public void BadInputGetsClearErrors()
    {
        var (k, labels) = Clusters(10);
        Assert.Contains("C must be positive", Assert.Throws<ArgumentException>(() => new SvmParameters(c: 0)).Message);
        Assert.Contains("labels", Assert.Throws<ArgumentException>(() => SupportVectorClassifier.Train(k, [0, 1], [1], new SvmParameters())).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SupportVectorClassifier.Train(k, [0, 12], [1, 2], new SvmParameters()));
        var model = SupportVectorClassifier.Train(k, Enumerable.Range(0, 10).ToArray(), labels, new SvmParameters());
        Assert.Contains("columns", Assert.Throws<ArgumentException>(() => model.Predict(new KernelMatrix(2, 3), [0])).Message);
        var nan = new KernelMatrix(2, 2, [1, double.NaN, double.NaN, 1]);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => SupportVectorClassifier.Train(nan, [0, 1], [1, 2], new SvmParameters())).Message);
    }
}
