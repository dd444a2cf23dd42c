namespace Rntk.Data;

/// <summary>Shared handling of padding and missing values for every reader.</summary>
internal static class SeriesCleaning
{
    /// <summary>
    /// Applies <paramref name="policy"/> to the NaN of one channel, in place. <paramref name="where"/> names the row
    /// for the error message ("Adiac_TRAIN.tsv, row 3"); <paramref name="channel"/> is shown when ≥ 0.
    /// </summary>
    public static void FillMissing(double[] values, MissingValues policy, string where, int channel = -1)
    {
        int firstNaN = Array.FindIndex(values, double.IsNaN);
        if (firstNaN < 0) return;
        if (policy == MissingValues.Error)
            throw new InvalidDataException(
                $"{where}, step {firstNaN}{(channel >= 0 ? $", dimension {channel}" : "")}: missing value inside the series " +
                "(only trailing NaN of a TSV row are padding); fill gaps linearly with MissingValues.Interpolate (rntk gram: " +
                "--interpolate; rntk ucr always does).");
        if (!Interpolate(values))
            throw new InvalidDataException($"{where}{(channel >= 0 ? $", dimension {channel}" : "")}: every value is missing, nothing to interpolate from.");
    }

    /// <summary>
    /// Fills NaN linearly between the nearest real values; leading NaN take the first real value, trailing NaN the
    /// last. Returns false if there is no real value at all.
    /// </summary>
    public static bool Interpolate(double[] s)
    {
        int prev = -1;
        for (int t = 0; t < s.Length; t++)
        {
            if (double.IsNaN(s[t])) continue;
            for (int u = prev + 1; u < t; u++)
                s[u] = prev < 0 ? s[t] : s[prev] + (s[t] - s[prev]) * (u - prev) / (t - prev);
            prev = t;
        }
        if (prev < 0) return false;
        for (int u = prev + 1; u < s.Length; u++) s[u] = s[prev];
        return true;
    }

    /// <summary>Index of the last non-NaN value, or −1.</summary>
    public static int LastObserved(ReadOnlySpan<double> s)
    {
        for (int t = s.Length - 1; t >= 0; t--)
            if (!double.IsNaN(s[t])) return t;
        return -1;
    }
}
