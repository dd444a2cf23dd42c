using Rntk.Gram;

namespace Rntk.Learning;

/// <summary>
/// Multiclass C-SVC on a precomputed kernel, as libsvm's svm-train -s 0 -t 4 does it: classes ordered by first
/// appearance in the training labels (with libsvm's swap for a −1/+1 problem whose −1 comes first), one binary
/// <see cref="SmoSolver"/> problem per pair of classes (points of the first class +1, in training order, then
/// those of the second −1), and prediction by one-vs-one voting, ties to the class that comes first.
/// </summary>
/// <example>
/// <code>
/// var model = SupportVectorClassifier.Train(gram, trainRows, trainLabels, new SvmParameters(c: 100));
/// int[] predicted = model.Predict(gram, testRows);
/// </code>
/// </example>
public sealed class SupportVectorClassifier : IKernelClassifier
{
    /// <summary>The fixed settings; <see cref="Fit"/> sets C.</summary>
    public SvmParameters Parameters { get; }

    public SupportVectorClassifier(SvmParameters? parameters = null) => Parameters = parameters ?? new SvmParameters();

    public string Name => "svm";
    public string ParameterName => "C";

    public IKernelModel Fit(KernelMatrix kernel, IReadOnlyList<int> trainingRows, IReadOnlyList<int> labels, double parameter,
        CancellationToken cancellationToken = default) =>
        Train(kernel, trainingRows, labels, new SvmParameters(parameter, Parameters.Epsilon, Parameters.Shrinking, Parameters.MaxIterations),
            cancellationToken);

    /// <summary>Trains on the whole square <paramref name="gram"/> (point i has label labels[i]).</summary>
    public static SvmModel Train(KernelMatrix gram, IReadOnlyList<int> labels, SvmParameters parameters, CancellationToken ct = default) =>
        Train(gram, KernelArgs.Range(labels.Count), labels, parameters, ct);

    /// <summary>Trains on the points <paramref name="rows"/> of the square <paramref name="kernel"/>; labels[i] belongs to rows[i].</summary>
    public static SvmModel Train(
        KernelMatrix kernel, IReadOnlyList<int> rows, IReadOnlyList<int> labels, SvmParameters parameters, CancellationToken ct = default)
    {
        KernelArgs.CheckFit(kernel, rows, labels);
        ArgumentNullException.ThrowIfNull(parameters);
        var (classLabels, perm, start, count) = GroupClasses(labels);
        int nClass = classLabels.Length, n = rows.Count;
        // One class only (a small cross-validation fold can do that): no machine, every prediction is that class — as libsvm.
        for (int i = 0; i < n; i++)
        {
            double d = kernel[rows[i], rows[i]];
            if (!double.IsFinite(d)) throw new ArgumentException($"The kernel's diagonal entry at row {rows[i]} is {d}.", nameof(kernel));
        }

        var machines = new BinarySvm[nClass * (nClass - 1) / 2];
        int p = 0;
        for (int a = 0; a < nClass; a++)
        {
            for (int b = a + 1; b < nClass; b++)
            {
                int ca = count[a], cb = count[b], l = ca + cb;
                var positions = new int[l];
                var y = new sbyte[l];
                for (int k = 0; k < ca; k++) { positions[k] = perm[start[a] + k]; y[k] = 1; }
                for (int k = 0; k < cb; k++) { positions[ca + k] = perm[start[b] + k]; y[ca + k] = -1; }
                var sub = new double[(long)l * l];
                for (int r = 0; r < l; r++)
                {
                    var src = kernel.Row(rows[positions[r]]);
                    for (int c = 0; c < l; c++)
                    {
                        double v = src[rows[positions[c]]];
                        if (!double.IsFinite(v))
                            throw new ArgumentException($"The kernel holds {v} at ({rows[positions[r]]}, {rows[positions[c]]}).", nameof(kernel));
                        sub[(long)r * l + c] = v;
                    }
                }
                var sol = SmoSolver.Solve(sub, y, parameters.C, parameters.C, parameters.Epsilon, parameters.Shrinking,
                    parameters.MaxIterations, ct);
                machines[p++] = new BinarySvm(a, b, positions, sol);
            }
        }
        return new SvmModel(classLabels, rows.ToArray(), machines, perm, start, count, parameters);
    }

    /// <summary>
    /// libsvm's svm_group_classes: distinct labels in order of first appearance (swapped for a two-class −1/+1 problem
    /// that starts with −1), and a permutation listing the points of class 0, then class 1, … each in training order.
    /// </summary>
    internal static (int[] Labels, int[] Perm, int[] Start, int[] Count) GroupClasses(IReadOnlyList<int> labels)
    {
        var order = new List<int>();
        var index = new Dictionary<int, int>();
        var dataClass = new int[labels.Count];
        for (int i = 0; i < labels.Count; i++)
        {
            if (!index.TryGetValue(labels[i], out int c))
            {
                c = order.Count;
                index[labels[i]] = c;
                order.Add(labels[i]);
            }
            dataClass[i] = c;
        }
        if (order.Count == 2 && order[0] == -1 && order[1] == 1)
        {
            order.Reverse();
            for (int i = 0; i < dataClass.Length; i++) dataClass[i] = 1 - dataClass[i];
        }
        int nc = order.Count;
        var count = new int[nc];
        foreach (int c in dataClass) count[c]++;
        var start = new int[nc];
        for (int c = 1; c < nc; c++) start[c] = start[c - 1] + count[c - 1];
        var fill = (int[])start.Clone();
        var perm = new int[labels.Count];
        for (int i = 0; i < labels.Count; i++) perm[fill[dataClass[i]]++] = i;
        return (order.ToArray(), perm, start, count);
    }
}

/// <summary>
/// The binary machine of classes (<see cref="ClassA"/>, <see cref="ClassB"/>) (indices into <see cref="SvmModel.Labels"/>):
/// <see cref="Positions"/>[k] is the training position of its k-th point (class A's points first), the solution's
/// coefficients y_k α_k follow the same order; a positive decision value votes for class A.
/// </summary>
public sealed record BinarySvm(int ClassA, int ClassB, int[] Positions, BinarySvmSolution Solution);
