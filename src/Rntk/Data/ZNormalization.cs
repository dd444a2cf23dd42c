namespace Rntk.Data;

/// <summary>
/// Per-series z-normalisation: each channel of each series is shifted to mean 0 and scaled to standard deviation 1
/// (population standard deviation, divisor T, as aeon/sktime and the UCR suite do).
/// </summary>
/// <remarks>
/// A constant channel (standard deviation ≤ 1e-12 × its largest absolute value, i.e. zero up to rounding) has no
/// scale to divide by; it becomes all zeros (mean removed, no scaling) rather than NaN or amplified rounding noise.
/// </remarks>
public static class ZNormalization
{
    /// <summary>The z-normalised copy of a sequence.</summary>
    public static Sequence Apply(Sequence x, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        int T = x.Length, m = x.Channels;
        var v = x.Values.ToArray();
        for (int c = 0; c < m; c++)
        {
            double mean = 0, maxAbs = 0;
            for (int t = 0; t < T; t++) { double a = v[t * m + c]; mean += a; maxAbs = Math.Max(maxAbs, Math.Abs(a)); }
            mean /= T;
            double ss = 0;
            for (int t = 0; t < T; t++) { double d = v[t * m + c] - mean; ss += d * d; }
            double sd = Math.Sqrt(ss / T);
            bool constant = sd <= 1e-12 * maxAbs || sd == 0;
            for (int t = 0; t < T; t++)
                v[t * m + c] = constant ? 0 : (v[t * m + c] - mean) / sd;
        }
        return new Sequence(v, m, name);
    }

    /// <summary>Every sequence z-normalised.</summary>
    public static IReadOnlyList<Sequence> Apply(IReadOnlyList<Sequence> set) => set.Select(s => Apply(s)).ToArray();
}
