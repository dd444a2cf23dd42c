using Rntk.Gram;

namespace Rntk.Learning;

/// <summary>
/// k-fold cross-validation of a kernel classifier on a precomputed Gram: every fold and every value of the
/// hyper-parameter reads the same matrix through index lists (nothing is copied or recomputed).
/// </summary>
public static class CrossValidation
{
    /// <summary>
    /// The cross-validation accuracy of each value in <paramref name="parameters"/>: the mean over folds of the fold's
    /// validation accuracy (as scikit-learn's cross_val_score), with <paramref name="folds"/> from <see cref="StratifiedKFold"/>
    /// (positions into <paramref name="rows"/>). The (value, fold) fits run in parallel; each is deterministic, so the
    /// result does not depend on the thread count.
    /// </summary>
    public static double[] Evaluate(
        IKernelClassifier classifier, KernelMatrix kernel, IReadOnlyList<int> rows, IReadOnlyList<int> labels,
        IReadOnlyList<double> parameters, int[][] folds, int? maxDegreeOfParallelism = null, CancellationToken cancellationToken = default) =>
        Run(classifier, kernel, rows, labels, parameters, folds, maxDegreeOfParallelism, cancellationToken).Accuracy;

    /// <summary>
    /// As <see cref="Evaluate"/>, and also counts, per parameter value, the fold fits that stopped at the solver's
    /// iteration cap (<see cref="IKernelModel.Converged"/> false): those are scored as they are, as libsvm does after
    /// its warning, and the count lets callers report them.
    /// </summary>
    public static CrossValidationScores Run(
        IKernelClassifier classifier, KernelMatrix kernel, IReadOnlyList<int> rows, IReadOnlyList<int> labels,
        IReadOnlyList<double> parameters, int[][] folds, int? maxDegreeOfParallelism = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        KernelArgs.CheckFit(kernel, rows, labels);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(folds);
        if (parameters.Count == 0) throw new ArgumentException("No hyper-parameter values to evaluate.", nameof(parameters));
        foreach (var f in folds)
        {
            if (f.Length == 0) throw new ArgumentException("A cross-validation fold is empty.", nameof(folds));
            foreach (int i in f)
                if ((uint)i >= (uint)rows.Count) throw new ArgumentOutOfRangeException(nameof(folds), $"Fold position {i} is outside the {rows.Count} training points.");
        }

        var splits = new (int[] TrainRows, int[] TrainLabels, int[] ValRows, int[] ValLabels)[folds.Length];
        for (int f = 0; f < folds.Length; f++)
        {
            var train = StratifiedKFold.TrainingPositions(folds, f, rows.Count);
            splits[f] = (train.Select(i => rows[i]).ToArray(), train.Select(i => labels[i]).ToArray(),
                folds[f].Select(i => rows[i]).ToArray(), folds[f].Select(i => labels[i]).ToArray());
        }
        var acc = new double[parameters.Count, folds.Length];
        var unconverged = new bool[parameters.Count, folds.Length];
        var po = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = maxDegreeOfParallelism ?? -1 };
        Parallel.For(0, parameters.Count * folds.Length, po, job =>
        {
            int p = job / folds.Length, f = job % folds.Length;
            var s = splits[f];
            var model = classifier.Fit(kernel, s.TrainRows, s.TrainLabels, parameters[p], cancellationToken);
            acc[p, f] = Accuracy(model.Predict(kernel, s.ValRows), s.ValLabels);
            unconverged[p, f] = !model.Converged;
        });
        var result = new double[parameters.Count];
        var counts = new int[parameters.Count];
        for (int p = 0; p < parameters.Count; p++)
        {
            double sum = 0;
            for (int f = 0; f < folds.Length; f++)
            {
                sum += acc[p, f];
                if (unconverged[p, f]) counts[p]++;
            }
            result[p] = sum / folds.Length;
        }
        return new CrossValidationScores(result, counts);
    }

    /// <summary>The share of positions where <paramref name="predicted"/> equals <paramref name="truth"/>.</summary>
    public static double Accuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> truth)
    {
        if (predicted.Count != truth.Count) throw new ArgumentException($"{predicted.Count} predictions for {truth.Count} labels.");
        if (truth.Count == 0) throw new ArgumentException("Accuracy of no predictions is undefined.");
        int ok = 0;
        for (int i = 0; i < truth.Count; i++)
            if (predicted[i] == truth[i]) ok++;
        return (double)ok / truth.Count;
    }
}

/// <summary>
/// Cross-validation accuracy per parameter value, and how many of that value's fold fits stopped at the solver's
/// iteration cap (0 for solvers that always converge).
/// </summary>
public sealed record CrossValidationScores(double[] Accuracy, int[] UnconvergedFits);
