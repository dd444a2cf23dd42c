using MathNet.Numerics.LinearAlgebra;
using Rntk.Gram;

namespace Rntk.Learning;

/// <summary>
/// Kernel ridge regression on one-hot targets, used as a classifier: solve (K + μI) A = Y by Cholesky (MathNet),
/// predict argmax_c (K(x, X) A)_c. Classes are ordered by first appearance in the training labels; a tie of scores
/// goes to the class that comes first.
/// </summary>
/// <remarks>
/// The ridge is μ = λ·tr(K)/n by default (<see cref="RelativeRidge"/>): kernels of the same data differ in scale by orders
/// of magnitude (the RNTK grows with the sequence length and σ's), and a relative λ lets one grid serve every kernel.
/// </remarks>
public sealed class KernelRidgeClassifier : IKernelClassifier
{
    /// <summary>When true (default) the ridge is λ times the mean diagonal of the training Gram; when false, λ itself.</summary>
    public bool RelativeRidge { get; }

    public KernelRidgeClassifier(bool relativeRidge = true) => RelativeRidge = relativeRidge;

    public string Name => "krr";
    public string ParameterName => "lambda";

    IKernelModel IKernelClassifier.Fit(KernelMatrix kernel, IReadOnlyList<int> trainingRows, IReadOnlyList<int> labels, double parameter,
        CancellationToken cancellationToken) => Fit(kernel, trainingRows, labels, parameter);

    /// <summary>Trains on the points <paramref name="rows"/> of the square <paramref name="kernel"/>; labels[i] belongs to rows[i].</summary>
    public KernelRidgeModel Fit(KernelMatrix kernel, IReadOnlyList<int> rows, IReadOnlyList<int> labels, double lambda)
    {
        KernelArgs.CheckFit(kernel, rows, labels);
        if (!double.IsFinite(lambda) || lambda <= 0) throw new ArgumentException($"The ridge λ must be positive and finite (got {lambda}).", nameof(lambda));
        var (classLabels, _, _, _) = SupportVectorClassifier.GroupClasses(labels);
        var classOf = new Dictionary<int, int>();
        for (int c = 0; c < classLabels.Length; c++) classOf[classLabels[c]] = c;
        int n = rows.Count, nc = classLabels.Length;

        var k = Matrix<double>.Build.Dense(n, n, (i, j) => kernel[rows[i], rows[j]]);
        double trace = 0;
        for (int i = 0; i < n; i++) trace += k[i, i];
        if (!double.IsFinite(trace) || trace <= 0)
            throw new ArgumentException($"The training Gram's trace is {trace}: a kernel's diagonal must be positive and finite.", nameof(kernel));
        double ridge = RelativeRidge ? lambda * trace / n : lambda;
        for (int i = 0; i < n; i++) k[i, i] += ridge;
        var y = Matrix<double>.Build.Dense(n, nc);
        for (int i = 0; i < n; i++) y[i, classOf[labels[i]]] = 1;

        Matrix<double> a;
        try
        {
            a = k.Cholesky().Solve(y);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(
                $"K + {ridge:G4}·I is not positive definite (λ = {lambda:G4}): the kernel is not positive semi-definite, or λ is too small. {e.Message}",
                nameof(lambda), e);
        }
        return new KernelRidgeModel(classLabels, rows.ToArray(), a.ToArray(), ridge);
    }
}

/// <summary>A trained kernel ridge classifier: dual coefficients A (training points × classes) and the ridge μ used.</summary>
public sealed class KernelRidgeModel : IKernelModel
{
    public IReadOnlyList<int> Labels { get; }
    public IReadOnlyList<int> TrainingRows { get; }
    /// <summary>A[i, c]: the coefficient of training point i for class c (classes in <see cref="Labels"/> order).</summary>
    public double[,] Coefficients { get; }
    /// <summary>μ in (K + μI) A = Y.</summary>
    public double Ridge { get; }
    /// <summary>Always true: the ridge system is solved directly, not iteratively.</summary>
    public bool Converged => true;

    internal KernelRidgeModel(int[] labels, int[] trainingRows, double[,] coefficients, double ridge)
    {
        Labels = labels;
        TrainingRows = trainingRows;
        Coefficients = coefficients;
        Ridge = ridge;
    }

    /// <summary>Scores K(x, X) A of each query ([query][class]).</summary>
    public double[][] Scores(KernelMatrix kernel, IReadOnlyList<int> queryRows)
    {
        KernelArgs.CheckPredict(kernel, queryRows, TrainingRows);
        int n = TrainingRows.Count, nc = Labels.Count;
        var result = new double[queryRows.Count][];
        for (int q = 0; q < queryRows.Count; q++)
        {
            var row = kernel.Row(queryRows[q]);
            var s = new double[nc];
            for (int i = 0; i < n; i++)
            {
                double kv = row[TrainingRows[i]];
                for (int c = 0; c < nc; c++) s[c] += kv * Coefficients[i, c];
            }
            result[q] = s;
        }
        return result;
    }

    public int[] Predict(KernelMatrix kernel, IReadOnlyList<int> queryRows)
    {
        var scores = Scores(kernel, queryRows);
        var pred = new int[scores.Length];
        for (int q = 0; q < scores.Length; q++)
        {
            int best = 0;
            for (int c = 1; c < scores[q].Length; c++)
                if (scores[q][c] > scores[q][best]) best = c;
            pred[q] = Labels[best];
        }
        return pred;
    }
}
