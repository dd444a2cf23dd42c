using System.Globalization;

namespace Rntk.Experiments;

/// <summary>
/// One (dataset, method) outcome of the benchmark protocol: the hyper-parameters chosen by cross-validation on the
/// training split, their CV accuracy, the test accuracy of the refitted model, and the wall time.
/// </summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Method">Method name (rntk, nngp, rntk-norm, rntk-avg, ntk, rbf, poly, linear, ed1nn, dtw1nn, …).</param>
/// <param name="Grid">Grid name (paper, quick).</param>
/// <param name="Options">Data preparation and protocol settings, e.g. "znorm=on missing=interpolate length=variable classifier=svm folds=5 seed=0".</param>
/// <param name="Parameters">The chosen hyper-parameters as "key=value" pairs separated by spaces (empty for none).</param>
/// <param name="CvAccuracy">Mean k-fold CV accuracy of the chosen candidate; NaN where nothing is selected (1-NN).</param>
/// <param name="TestAccuracy">Accuracy on the test split.</param>
/// <param name="Seconds">Wall time of the method on this dataset (a Gram pass shared by the recurrent methods of one readout counts for each).</param>
/// <param name="Train">Training split size.</param>
/// <param name="Test">Test split size.</param>
/// <param name="Classes">Number of classes.</param>
/// <param name="Candidates">Candidates compared by CV (kernels × classifier values).</param>
public sealed record ResultRow(
    string Dataset, string Method, string Grid, string Options, string Parameters, double CvAccuracy, double TestAccuracy,
    double Seconds, int Train, int Test, int Classes, int Candidates)
{
    /// <summary>What identifies a run for resuming: the same dataset, method, grid and options are not run again.</summary>
    public (string, string, string, string) Key => (Dataset, Method, Grid, Options);

    /// <summary>The parameters as a dictionary; numbers become doubles, the rest stay strings.</summary>
    public IReadOnlyDictionary<string, object> ParameterDictionary() => ParseParameters(Parameters);

    public static IReadOnlyDictionary<string, object> ParseParameters(string text)
    {
        var d = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var pair in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0) throw new FormatException($"Parameter '{pair}' is not key=value.");
            string key = pair[..eq], value = pair[(eq + 1)..];
            d[key] = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : value;
        }
        return d;
    }

    /// <summary>Formats parameters as "key=value …" in the given order (numbers round-trip).</summary>
    public static string FormatParameters(IEnumerable<KeyValuePair<string, object>> parameters) =>
        string.Join(' ', parameters.Select(p => $"{p.Key}={Format(p.Value)}"));

    private static string Format(object v) => v switch
    {
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        float x => x.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
