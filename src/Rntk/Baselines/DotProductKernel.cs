using System.Numerics.Tensors;
using Rntk.Data;
using Rntk.Gram;
using Rntk.Kernels;

namespace Rntk.Baselines;

/// <summary>
/// A kernel on fixed-length vectors that depends on x and y only through ⟨x, y⟩/d, ‖x‖²/d and ‖y‖²/d, where d is the
/// vector's dimension (length × channels): linear, polynomial, RBF and the feed-forward NTK/NNGP. Dividing by d (as
/// the NTK's first layer does) keeps hyper-parameters such as γ meaningful across datasets of different lengths.
/// </summary>
/// <remarks>
/// Sequences become vectors by <see cref="FixedLength"/>: all of equal length are used as they are; otherwise
/// <see cref="Length"/> must be set (the same for every call, e.g. <see cref="FixedLength.CommonLength"/> of train and
/// test) and <see cref="Policy"/> says whether to zero-pad at the end or resample by linear interpolation.
/// Gram matrices are dot products in SIMD (TensorPrimitives.Dot) over rows in parallel on all cores; the result does
/// not depend on the thread count.
/// </remarks>
public abstract class DotProductKernel : ISequenceKernel
{
    /// <summary>How sequences of different lengths are brought to <see cref="Length"/>.</summary>
    public LengthPolicy Policy { get; init; } = LengthPolicy.ZeroPad;

    /// <summary>The common length; null: the sequences must all have one length.</summary>
    public int? Length { get; init; }

    /// <summary>Worker threads; null = all cores.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    public abstract string Name { get; }

    public IReadOnlyDictionary<string, object> Parameters
    {
        get
        {
            var p = new Dictionary<string, object>(KernelParameters);
            if (Length is { } l) { p["length"] = l; p["length_policy"] = Policy == LengthPolicy.ZeroPad ? "zeropad" : "resample"; }
            return p;
        }
    }

    /// <summary>The kernel's own hyper-parameters (without the length policy).</summary>
    protected abstract IReadOnlyDictionary<string, object> KernelParameters { get; }

    /// <summary>k from s = ⟨x, y⟩/d, sx = ‖x‖²/d, sy = ‖y‖²/d.</summary>
    public abstract double Evaluate(double s, double sx, double sy);

    /// <summary>k(x, y) of two vectors of one dimension.</summary>
    public double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length || x.Length == 0) throw new ArgumentException($"Vectors of dimensions {x.Length} and {y.Length}.");
        double d = x.Length;
        return Evaluate(TensorPrimitives.Dot(x, y) / d, TensorPrimitives.Dot(x, x) / d, TensorPrimitives.Dot(y, y) / d);
    }

    public KernelMatrix Gram(IReadOnlyList<Sequence> set, CancellationToken cancellationToken = default, IProgress<GramProgress>? progress = null)
    {
        int n = set.Count;
        var (v, d) = Vectors(set, set, "input");
        var sq = new double[n];
        for (int i = 0; i < n; i++) sq[i] = TensorPrimitives.Dot<double>(v[i], v[i]) / d;
        var k = new KernelMatrix(n, n);
        long total = (long)n * (n + 1) / 2, done = 0;
        // Rows are scheduled longest-first (row i holds n − i pairs) so threads finish together.
        Parallel.For(0, n, Options(cancellationToken), i =>
        {
            for (int j = i; j < n; j++)
            {
                double val = Evaluate(TensorPrimitives.Dot<double>(v[i], v[j]) / d, sq[i], sq[j]);
                k.Data[i * n + j] = val;
                k.Data[j * n + i] = val;
            }
            Report(progress, Interlocked.Add(ref done, n - i), total);
        });
        return CheckedFinite(k);
    }

    public KernelMatrix Cross(IReadOnlyList<Sequence> rows, IReadOnlyList<Sequence> columns, CancellationToken cancellationToken = default, IProgress<GramProgress>? progress = null)
    {
        var (a, d) = Vectors(rows, columns, "row");
        var (b, _) = Vectors(columns, rows, "column");
        int nr = a.Length, nc = b.Length;
        var sa = a.Select(x => TensorPrimitives.Dot<double>(x, x) / d).ToArray();
        var sb = b.Select(x => TensorPrimitives.Dot<double>(x, x) / d).ToArray();
        var k = new KernelMatrix(nr, nc);
        long total = (long)nr * nc, done = 0;
        Parallel.For(0, nr, Options(cancellationToken), i =>
        {
            for (int j = 0; j < nc; j++)
                k.Data[i * nc + j] = Evaluate(TensorPrimitives.Dot<double>(a[i], b[j]) / d, sa[i], sb[j]);
            Report(progress, Interlocked.Add(ref done, nc), total);
        });
        return CheckedFinite(k);
    }

    /// <summary>
    /// <paramref name="k"/>, or a <see cref="KernelOverflowException"/> naming its first non-finite entry: huge raw
    /// inputs (not z-normalised) overflow ⟨x, y⟩ or the kernel's formula, and ∞/NaN must not reach a classifier.
    /// </summary>
    private KernelMatrix CheckedFinite(KernelMatrix k)
    {
        int bad = Array.FindIndex(k.Data, v => !double.IsFinite(v));
        if (bad < 0) return k;
        throw new KernelOverflowException(
            $"Kernel overflow: the {Name} kernel's entry ({bad / k.Columns}, {bad % k.Columns}) is {k.Data[bad]}; the inputs are too " +
            "large for it: rescale them (e.g. z-normalise).");
    }

    /// <summary>The vectors of <paramref name="set"/> and their dimension; <paramref name="other"/> is the set they meet.</summary>
    private (double[][] Vectors, int Dimension) Vectors(IReadOnlyList<Sequence> set, IReadOnlyList<Sequence> other, string name)
    {
        int m = SequenceSet.ValidateChannels(set, name);
        SequenceSet.ValidateChannels(other, name == "row" ? "column" : "row", m);
        int length;
        if (Length is { } fixedLength) length = fixedLength;
        else
        {
            int lo = Math.Min(set.Min(s => s.Length), other.Min(s => s.Length));
            int hi = Math.Max(set.Max(s => s.Length), other.Max(s => s.Length));
            if (lo != hi)
                throw new ArgumentException(
                    $"The {Name} kernel works on vectors of one length, but these sequences have lengths {lo}–{hi}: set Length " +
                    "(e.g. FixedLength.CommonLength(train, test)) and Policy (ZeroPad or Resample), or load with LoadOptions.EqualLength.");
            length = hi;
        }
        return (FixedLength.ToVectors(set, length, Policy), length * m);
    }

    private ParallelOptions Options(CancellationToken ct) => new() { CancellationToken = ct, MaxDegreeOfParallelism = MaxDegreeOfParallelism ?? -1 };

    private static void Report(IProgress<GramProgress>? progress, long done, long total) => progress?.Report(new GramProgress(done, total));

    public override string ToString() => $"{Name}({string.Join(", ", Parameters.Select(p => $"{p.Key}={p.Value}"))})";
}
