namespace Rntk.Data;

/// <summary>What to do with a missing value (NaN in a TSV, '?' in a .ts file) inside a series.</summary>
/// <remarks>
/// Trailing missing values of a UCR TSV row are never "missing": they are the padding of variable-length datasets
/// and are stripped. Everything else that is missing falls under this policy.
/// </remarks>
public enum MissingValues
{
    /// <summary>Fail with a message naming the dataset file, row and step.</summary>
    Error,

    /// <summary>
    /// Fill by linear interpolation between the nearest observed values of the same channel; missing values before
    /// the first (after the last) observed value take the first (last) observed value. This is what the UCR archive
    /// did for its "Missing_value_and_variable_length_datasets_adjusted" copies.
    /// </summary>
    Interpolate,
}
