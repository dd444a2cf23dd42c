using System.Globalization;

namespace Rntk.Data;

/// <summary>
/// The mapping of original label text to classes 0..C−1. Class order: numeric order when every training label
/// parses as a number (so "-1" &lt; "1" &lt; "10", and "1" and "1.0" are one class), else ordinal string order.
/// Built from the training split and applied unchanged to the test split; a test label unseen in training is an error.
/// </summary>
public sealed class ClassLabels
{
    private readonly Dictionary<string, int> _byText = new(StringComparer.Ordinal);
    private readonly Dictionary<double, int>? _byValue;

    /// <summary>ClassNames[k] is the original label text of class k (its first spelling in the training split).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>True when the labels were ordered as numbers.</summary>
    public bool Numeric => _byValue is not null;

    public ClassLabels(IEnumerable<string> trainLabels)
    {
        var labels = trainLabels.ToList();
        if (labels.Count == 0) throw new ArgumentException("No labels to build classes from.");
        bool numeric = labels.All(l => TryNumber(l, out _));
        if (numeric)
        {
            var first = new Dictionary<double, string>();
            foreach (var l in labels) { TryNumber(l, out double v); first.TryAdd(v, l); }
            var order = first.Keys.OrderBy(v => v).ToList();
            _byValue = order.Select((v, k) => (v, k)).ToDictionary(p => p.v, p => p.k);
            ClassNames = order.Select(v => first[v]).ToArray();
        }
        else
        {
            ClassNames = labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        }
        for (int k = 0; k < ClassNames.Count; k++) _byText[ClassNames[k]] = k;
    }

    public int Count => ClassNames.Count;

    /// <summary>Whether <paramref name="label"/> names one of the classes (as text, or as the same number).</summary>
    public bool Contains(string label) =>
        _byText.ContainsKey(label) || (_byValue is not null && TryNumber(label, out double v) && _byValue.ContainsKey(v));

    /// <summary>The class of a label; <paramref name="where"/> names it in the error ("Adiac_TEST.tsv, row 5").</summary>
    /// <exception cref="InvalidDataException">The label was not seen in the training split.</exception>
    public int Map(string label, string where)
    {
        if (_byText.TryGetValue(label, out int k)) return k;
        if (_byValue is not null && TryNumber(label, out double v) && _byValue.TryGetValue(v, out k)) return k;
        throw new InvalidDataException(
            $"{where}: class label '{label}' does not occur in the training split (classes: {string.Join(" ", ClassNames)}).");
    }

    private static bool TryNumber(string s, out double v) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);
}
