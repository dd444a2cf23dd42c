namespace Rntk.Data;

/// <summary>Checks applied to a whole set of sequences before any kernel work.</summary>
public static class SequenceSet
{
    /// <summary>
    /// Throws if the set is empty, holds a null, or mixes channel counts. <paramref name="name"/> names the
    /// set in messages ("train", "test", …).
    /// </summary>
    public static int ValidateChannels(IReadOnlyList<Sequence> set, string name, int expectedChannels = 0)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Count == 0) throw new ArgumentException($"The {name} set holds no sequences.");
        int m = expectedChannels;
        for (int i = 0; i < set.Count; i++)
        {
            var s = set[i] ?? throw new ArgumentException($"Sequence {i} of the {name} set is null.");
            if (m == 0) m = s.Channels;
            else if (s.Channels != m)
                throw new ArgumentException(
                    $"Channel mismatch: sequence {i} of the {name} set has {s.Channels} channels, expected {m}.");
        }
        return m;
    }
}
