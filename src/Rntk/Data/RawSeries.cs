namespace Rntk.Data;

/// <summary>
/// One row of a data file as read: the original label text and the values, row-major (step by step, the
/// <see cref="Channels"/> values of a step contiguous), padding removed and missing values already handled.
/// </summary>
public sealed record RawSeries(string Label, double[] Values, int Channels = 1)
{
    public int Length => Values.Length / Channels;
}
