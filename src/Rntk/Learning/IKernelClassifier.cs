using Rntk.Gram;

namespace Rntk.Learning;

/// <summary>
/// A classifier on a precomputed kernel with one regularisation hyper-parameter (C for the SVM, λ for kernel ridge),
/// so that cross-validation and grid search treat them alike.
/// </summary>
/// <remarks>
/// Points are addressed by index into one kernel matrix: training reads <c>kernel[trainingRows[i], trainingRows[j]]</c>;
/// prediction reads <c>kernel[query, trainingRows[i]]</c>. With the train Gram stacked over the test × train cross Gram
/// (an (n_train + n_test) × n_train matrix, <see cref="Experiments.StackedGram"/>), cross-validation folds and the test
/// split are index lists into one matrix and nothing is copied; with a separate cross Gram, train on the train Gram with
/// <c>trainingRows</c> = 0..n−1 and predict on the cross Gram.
/// </remarks>
public interface IKernelClassifier
{
    /// <summary>Short name ("svm", "krr").</summary>
    string Name { get; }

    /// <summary>The name of the hyper-parameter ("C", "lambda").</summary>
    string ParameterName { get; }

    /// <summary>
    /// Trains on the points <paramref name="trainingRows"/> of the square <paramref name="kernel"/>, where
    /// <paramref name="labels"/>[i] (any integers) is the class of point trainingRows[i] and <paramref name="parameter"/>
    /// is the regularisation hyper-parameter.
    /// </summary>
    IKernelModel Fit(KernelMatrix kernel, IReadOnlyList<int> trainingRows, IReadOnlyList<int> labels, double parameter,
        CancellationToken cancellationToken = default);
}

/// <summary>A trained classifier on a precomputed kernel.</summary>
public interface IKernelModel
{
    /// <summary>The kernel columns of the training points, in training order.</summary>
    IReadOnlyList<int> TrainingRows { get; }

    /// <summary>
    /// False when an iterative solver stopped at its iteration cap before meeting its tolerance (the SVM's
    /// <see cref="SvmParameters.MaxIterations"/>). The model is still usable, as libsvm's is after its warning, but
    /// it is not the optimum the parameters ask for, so callers should count and report such fits.
    /// </summary>
    bool Converged { get; }

    /// <summary>Predicted labels of the points <paramref name="queryRows"/> (rows of <paramref name="kernel"/>).</summary>
    int[] Predict(KernelMatrix kernel, IReadOnlyList<int> queryRows);
}

internal static class KernelArgs
{
    public static void CheckFit(KernelMatrix kernel, IReadOnlyList<int> rows, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        if (rows.Count == 0) throw new ArgumentException("No training points were given.", nameof(rows));
        if (rows.Count != labels.Count)
            throw new ArgumentException($"{rows.Count} training rows but {labels.Count} labels.", nameof(labels));
        // Training reads kernel[rows[i], rows[j]]: the matrix may have more rows than columns (train Gram with test rows below).
        foreach (int r in rows)
            if ((uint)r >= (uint)kernel.Rows || (uint)r >= (uint)kernel.Columns)
                throw new ArgumentOutOfRangeException(nameof(rows), $"Training row {r} is outside the {kernel.Rows}×{kernel.Columns} Gram matrix.");
    }

    public static void CheckPredict(KernelMatrix kernel, IReadOnlyList<int> queryRows, IReadOnlyList<int> trainingRows)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(queryRows);
        foreach (int r in queryRows)
            if ((uint)r >= (uint)kernel.Rows)
                throw new ArgumentOutOfRangeException(nameof(queryRows), $"Query row {r} is outside the {kernel.Rows}-row kernel matrix.");
        int maxCol = trainingRows.Count == 0 ? -1 : trainingRows.Max();
        if (maxCol >= kernel.Columns)
            throw new ArgumentException(
                $"The model reads kernel column {maxCol} but the matrix has {kernel.Columns} columns: " +
                "predict with the stacked Gram used in training, or a cross Gram whose columns are the training points.", nameof(kernel));
    }

    public static int[] Range(int n)
    {
        var r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}
