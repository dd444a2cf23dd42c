
namespace Rntk.Data;

/// <summary>How sequences of different lengths become vectors of one length for the fixed-length baselines.</summary>
public enum LengthPolicy
{
    /// <summary>
    /// Append zero steps at the end up to the common length. Dot products and Euclidean distances are then those of
    /// the sequences aligned at their start, whatever the common length (≥ the longest): the default.
    /// </summary>
    ZeroPad,

    /// <summary>
    /// Resample every sequence to the common length by linear interpolation over [0, T−1] (start and end kept), so
    /// that series are compared by relative position. Needs a length fixed in advance, the same for train and test.
    /// </summary>
    Resample,
}

/// <summary>Turns sequences into row-major vectors of one common length (length × channels values).</summary>
public static class FixedLength
{
    /// <summary>The common length for a dataset: the longest series of either split.</summary>
    public static int CommonLength(params IReadOnlyList<Sequence>[] sets) => sets.SelectMany(s => s).Max(s => s.Length);

    /// <summary>
    /// The vector of one sequence at <paramref name="length"/> steps. Equal lengths are copied unchanged by either policy.
    /// </summary>
    /// <exception cref="ArgumentException">Zero-padding to a length shorter than the sequence (that would drop data).</exception>
    public static double[] ToVector(Sequence s, int length, LengthPolicy policy)
    {
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length), length, "The common length must be ≥ 1.");
        int T = s.Length, m = s.Channels;
        var v = s.Values;
        var r = new double[length * m];
        if (T == length) { v.CopyTo(r); return r; }
        switch (policy)
        {
            case LengthPolicy.ZeroPad:
                if (T > length)
                    throw new ArgumentException($"Cannot zero-pad a sequence of length {T} to the shorter common length {length}; use the longest length of the data.");
                v.CopyTo(r);
                return r;
            case LengthPolicy.Resample:
                for (int k = 0; k < length; k++)
                {
                    // Position of output step k on the input's time axis; both ends map onto both ends.
                    double p = length == 1 ? 0 : (double)k * (T - 1) / (length - 1);
                    int i = Math.Min((int)p, T - 1);
                    double f = p - i;
                    for (int c = 0; c < m; c++)
                        r[k * m + c] = i + 1 < T ? v[i * m + c] + f * (v[(i + 1) * m + c] - v[i * m + c]) : v[i * m + c];
                }
                return r;
            default:
                throw new ArgumentException($"Unknown length policy {(int)policy}.", nameof(policy));
        }
    }

    /// <summary>All sequences as vectors (in parallel).</summary>
    public static double[][] ToVectors(IReadOnlyList<Sequence> set, int length, LengthPolicy policy)
    {
        var r = new double[set.Count][];
        Parallel.For(0, set.Count, i => r[i] = ToVector(set[i], length, policy));
        return r;
    }
}
