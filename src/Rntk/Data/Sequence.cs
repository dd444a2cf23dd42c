namespace Rntk.Data;

/// <summary>
/// One input sequence x = (x_1, …, x_T), x_t ∈ ℝ^m (docs/math.md §1). Immutable; values are stored
/// row-major (time step by time step) so that one step's channels are contiguous.
/// </summary>
public sealed class Sequence
{
    private readonly double[] _values;

    /// <summary>Number of time steps T (≥ 1).</summary>
    public int Length { get; }

    /// <summary>Number of input channels m (≥ 1).</summary>
    public int Channels { get; }

    /// <summary>Where the sequence came from (e.g. "GunPoint_TRAIN.tsv, row 12"), for error messages; null if not given.</summary>
    public string? Name { get; }

    /// <summary>Creates a sequence from row-major values (step 0's channels, then step 1's, …).</summary>
    /// <exception cref="ArgumentException">Empty, ragged, or containing NaN/∞ (the message names the step).</exception>
    /// <param name="values">Row-major values.</param>
    /// <param name="channels">m.</param>
    /// <param name="name">Optional name used in error messages, e.g. "series 12 of train".</param>
    public Sequence(ReadOnlySpan<double> values, int channels, string? name = null)
    {
        string who = name is null ? "" : name + ": ";
        if (channels < 1)
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "A sequence needs at least one channel.");
        if (values.Length == 0)
            throw new ArgumentException(who + "a sequence needs at least one time step (got an empty sequence).");
        if (values.Length % channels != 0)
            throw new ArgumentException(who + $"{values.Length} values cannot be split into steps of {channels} channels.");
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                throw new ArgumentException(
                    who + $"non-finite value {values[i]} at time step {i / channels}" + (channels > 1 ? $", channel {i % channels}" : "") + ".",
                    nameof(values));
        }
        _values = values.ToArray();
        Channels = channels;
        Name = name;
        Length = values.Length / channels;
    }

    /// <summary>A univariate sequence (m = 1).</summary>
    public static Sequence Univariate(params double[] values) => new(values, 1);

    /// <summary>A univariate sequence whose error messages carry <paramref name="name"/>.</summary>
    public static Sequence Univariate(double[] values, string name) => new(values, 1, name);

    /// <summary>A multivariate sequence from steps, each an array of the m channel values.</summary>
    public static Sequence FromSteps(IReadOnlyList<double[]> steps, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(steps);
        string who = name is null ? "" : name + ": ";
        if (steps.Count == 0)
            throw new ArgumentException(who + "a sequence needs at least one time step (got an empty sequence).");
        int m = steps[0].Length;
        var flat = new double[steps.Count * m];
        for (int t = 0; t < steps.Count; t++)
        {
            if (steps[t].Length != m)
                throw new ArgumentException(who + $"time step {t} has {steps[t].Length} channels, step 0 has {m}.");
            steps[t].CopyTo(flat, t * m);
        }
        return new Sequence(flat, m, name);
    }

    /// <summary>Channel c of step t (0-based).</summary>
    public double this[int t, int c] => _values[t * Channels + c];

    /// <summary>The m channel values of step t (0-based).</summary>
    public ReadOnlySpan<double> Step(int t) => new(_values, t * Channels, Channels);

    /// <summary>All values, row-major.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The same sequence read backwards (used by the bidirectional kernel, docs/math.md §5).</summary>
    public Sequence Reversed()
    {
        var r = new double[_values.Length];
        for (int t = 0; t < Length; t++)
            Array.Copy(_values, (Length - 1 - t) * Channels, r, t * Channels, Channels);
        return new Sequence(r, Channels);
    }

    /// <summary>⟨x_t, y_s⟩ over the channels.</summary>
    public static double Dot(Sequence x, int t, Sequence y, int s)
    {
        var a = x.Step(t);
        var b = y.Step(s);
        double acc = 0;
        for (int c = 0; c < a.Length; c++) acc += a[c] * b[c];
        return acc;
    }

    public override string ToString() => $"Sequence(T={Length}, m={Channels})";
}
