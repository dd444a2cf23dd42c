using Rntk.Data;
using Rntk.Gram;

namespace Rntk.Kernels;

/// <summary>
/// The public entry point: RNTK and NNGP of an infinitely wide RNN (docs/math.md §1–§5), for pairs and for
/// Gram matrices of sequences of any lengths.
/// </summary>
/// <example>
/// <code>
/// var k = new RntkKernel(new KernelConfig(layers: 2, sigmaW: 1.2, sigmaU: 0.8, sigmaB: 0.3, sigmaH: 0.5));
/// KernelValue v = k.Evaluate(Sequence.Univariate(0.5, -1, 0.25), Sequence.Univariate(1, 0.3, -0.7, 0.2));
/// GramResult g = k.Gram(trainSet);
/// </code>
/// </example>
public sealed class RntkKernel
{
    public KernelConfig Config { get; }

    public RntkKernel(KernelConfig config) => Config = config ?? throw new ArgumentNullException(nameof(config));

    /// <summary>Θ(x, y) and 𝒦(x, y) for two distinct data points (even if their values are equal).</summary>
    public KernelValue Evaluate(Sequence x, Sequence y)
    {
        var a = new PreparedSet(Config, [x], "x");
        var b = new PreparedSet(Config, [y], "y", a.Channels);
        return Checked(a.Pair(0, b, 0, same: false), 0, 1);
    }

    /// <summary>Θ(x, x) and 𝒦(x, x): a data point with itself (with independent h0 its initial state meets itself).</summary>
    public KernelValue EvaluateSelf(Sequence x)
    {
        var a = new PreparedSet(Config, [x], "x");
        return Checked(a.Pair(0, a, 0, same: true), 0, 0);
    }

    /// <summary>
    /// Θ(x, x) and 𝒦(x, x) of every sequence of <paramref name="set"/>, each as the same data point: the diagonal of
    /// <see cref="Gram"/> without its off-diagonal pairs, O(N·T·L) (O(N·T²·L) with average pooling). What cosine
    /// normalisation of a cross Gram needs for its row items (<see cref="KernelNormalization"/>).
    /// </summary>
    public KernelValue[] SelfValues(IReadOnlyList<Sequence> set, GramOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prepared = new PreparedSet(Config, set, "input");
        var values = new KernelValue[prepared.Count];
        Parallelism.For(0, prepared.Count, (options ?? GramOptions.Default).MaxDegreeOfParallelism,
            i => values[i] = Checked(prepared.Pair(i, prepared, i, same: true), i, i), cancellationToken);
        return values;
    }

    /// <summary>The symmetric Gram matrix of one set; entry (i, i) treats sequence i as the same data point.</summary>
    public GramResult Gram(
        IReadOnlyList<Sequence> set, GramOptions? options = null, IProgress<GramProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var prepared = new PreparedSet(Config, set, "input");
        return GramEngines.Compute(prepared, null, options ?? GramOptions.Default, progress, cancellationToken);
    }

    /// <summary>The cross Gram K[i, j] = k(rows[i], columns[j]) (e.g. test × train); all pairs are distinct data points.</summary>
    public GramResult CrossGram(
        IReadOnlyList<Sequence> rows, IReadOnlyList<Sequence> columns, GramOptions? options = null,
        IProgress<GramProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var r = new PreparedSet(Config, rows, "row");
        var c = new PreparedSet(Config, columns, "column", r.Channels);
        return GramEngines.Compute(r, c, options ?? GramOptions.Default, progress, cancellationToken);
    }

    private KernelValue Checked(KernelValue v, int i, int j) =>
        double.IsFinite(v.Rntk) && double.IsFinite(v.Nngp) ? v : throw KernelOverflowException.ForPair(Config, i, j, v);
}
