namespace Rntk.Data;

/// <summary>
/// How a dataset is prepared when loaded. Record it with every result (<see cref="ToString"/> gives a short tag):
/// published accuracies differ with and without normalisation.
/// </summary>
public sealed record LoadOptions
{
    /// <summary>Per-series z-normalisation (<see cref="ZNormalization"/>). Default off: the archive's values as distributed.</summary>
    public bool ZNormalize { get; init; }

    /// <summary>What to do with missing values inside a series (default: an error naming row and step).</summary>
    public MissingValues Missing { get; init; } = MissingValues.Error;

    /// <summary>
    /// Null (default): keep every series at its own length. ZeroPad or Resample: bring every series of both splits to
    /// the longest length first (<see cref="FixedLength"/>), before any z-normalisation.
    /// </summary>
    public LengthPolicy? EqualLength { get; init; }

    public static LoadOptions Default { get; } = new();

    /// <summary>
    /// The preparation under which the archive's published 1-NN error rates (DataSummary_UCR2018.csv) are reproduced:
    /// missing values interpolated, variable-length series zero-padded at the end to the longest series (the archive
    /// padded with low-amplitude noise), then every series z-normalised (many archive files are distributed raw).
    /// </summary>
    public static LoadOptions ArchiveReference { get; } = new()
    {
        ZNormalize = true, Missing = MissingValues.Interpolate, EqualLength = LengthPolicy.ZeroPad,
    };

    /// <summary>A short tag such as "znorm=off missing=error length=variable".</summary>
    public override string ToString() =>
        $"znorm={(ZNormalize ? "on" : "off")} missing={Missing.ToString().ToLowerInvariant()} " +
        $"length={(EqualLength is { } p ? (p == LengthPolicy.ZeroPad ? "zeropad" : "resample") : "variable")}";
}
