using Rntk.Gram;
using Rntk.Learning;

namespace Rntk.Tests.Learning;

/// <summary>Fits stopped at the SMO iteration cap are kept (as libsvm does) but visible: counted by CV and grid search.</summary>
public class IterationCapTests
{
    [Fact]
    public void FitsStoppedAtTheCapAreCountedPerCandidateAndForTheRefit()
    {
        var (k, labels) = KernelRidgeAndCvTests.Clusters(60, seed: 4, gamma: 1);
        int[] train = Enumerable.Range(0, 45).ToArray(), test = Enumerable.Range(45, 15).ToArray();
        var trainLabels = train.Select(i => labels[i]).ToArray();
        var folds = StratifiedKFold.Split(trainLabels, 3, seed: 0);
        double[] cs = [0.1, 10, 1000];

        // One SMO iteration cannot solve a 3-class problem of 30 points: every fit stops at the cap.
        var capped = new SupportVectorClassifier(new SvmParameters(maxIterations: 1));
        var model = SupportVectorClassifier.Train(k, train, trainLabels, new SvmParameters(c: 10, maxIterations: 1));
        Assert.False(model.Converged);
        Assert.All(model.Machines, m => Assert.Equal(1, m.Solution.Iterations));
        var scores = CrossValidation.Run(capped, k, train, trainLabels, cs, folds);
        Assert.Equal([3, 3, 3], scores.UnconvergedFits);
        Assert.Equal(CrossValidation.Evaluate(capped, k, train, trainLabels, cs, folds), scores.Accuracy);

        var search = new GridSearch<string>(capped, cs, train, trainLabels, folds: 3);
        search.Add("rbf", k);
        var result = search.Finish(test, test.Select(i => labels[i]).ToArray());
        Assert.False(result.RefitConverged);
        Assert.Equal(3 * 3 + 1, result.UnconvergedFits);

        // libsvm's cap (the default): everything converges, nothing is counted.
        Assert.True(SupportVectorClassifier.Train(k, train, trainLabels, new SvmParameters(c: 10)).Converged);
        var free = new GridSearch<string>(new SupportVectorClassifier(), cs, train, trainLabels, folds: 3);
        free.Add("rbf", k);
        var ok = free.Finish(test, test.Select(i => labels[i]).ToArray());
        Assert.True(ok.RefitConverged);
        Assert.Equal(0, ok.UnconvergedFits);
        Assert.All(free.Points, p => Assert.Equal(0, p.UnconvergedFits));

        // Kernel ridge solves directly: always converged.
        Assert.True(((IKernelClassifier)new KernelRidgeClassifier()).Fit(k, train, trainLabels, 1e-2).Converged);
    }
}
