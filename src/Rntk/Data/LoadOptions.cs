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

    public static LoadOptions Default { get; } = new();

    /// <summary>A short tag such as "znorm=off missing=error".</summary>
    public override string ToString() => $"znorm={(ZNormalize ? "on" : "off")} missing={Missing.ToString().ToLowerInvariant()}";
}
