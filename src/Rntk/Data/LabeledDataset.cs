namespace Rntk.Data;

/// <summary>
/// Sequences with class labels mapped to 0..C−1; <see cref="ClassNames"/> keeps the original label text
/// (ClassNames[k] is the label that became class k).
/// </summary>
public sealed record LabeledDataset(string Name, IReadOnlyList<Sequence> Sequences, IReadOnlyList<int> Labels, IReadOnlyList<string> ClassNames)
{
    public int Count => Sequences.Count;
    public int ClassCount => ClassNames.Count;
    public int MinLength => Sequences.Min(s => s.Length);
    public int MaxLength => Sequences.Max(s => s.Length);
    public int Channels => Sequences[0].Channels;

    /// <summary>How the data were prepared when loaded (normalisation, missing values).</summary>
    public LoadOptions Options { get; init; } = LoadOptions.Default;
}
