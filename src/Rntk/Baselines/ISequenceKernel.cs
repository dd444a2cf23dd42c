using Rntk.Data;
using Rntk.Gram;

namespace Rntk.Baselines;

/// <summary>
/// A kernel on sequences that yields Gram and cross-Gram matrices, so that an experiment can treat the RNTK, the
/// NNGP and the classical baselines alike (precomputed-kernel SVM, kernel ridge).
/// </summary>
public interface ISequenceKernel
{
    /// <summary>A short method name for result tables ("rntk", "nngp", "rbf", "fc-ntk", …).</summary>
    string Name { get; }

    /// <summary>The hyper-parameters that define this kernel, for recording with results (keys are stable identifiers).</summary>
    IReadOnlyDictionary<string, object> Parameters { get; }

    /// <summary>The symmetric Gram matrix K[i, j] = k(set[i], set[j]); entry (i, i) is a data point with itself.</summary>
    KernelMatrix Gram(IReadOnlyList<Sequence> set, CancellationToken cancellationToken = default, IProgress<GramProgress>? progress = null);

    /// <summary>The cross Gram K[i, j] = k(rows[i], columns[j]) (e.g. test × train); all pairs are distinct data points.</summary>
    KernelMatrix Cross(IReadOnlyList<Sequence> rows, IReadOnlyList<Sequence> columns, CancellationToken cancellationToken = default, IProgress<GramProgress>? progress = null);
}
