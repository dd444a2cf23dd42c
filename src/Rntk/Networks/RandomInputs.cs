using Rntk.Data;

namespace Rntk.Networks;

/// <summary>Reproducible random input sequences for finite-width checks.</summary>
public static class RandomInputs
{
    /// <summary>
    /// <paramref name="count"/> sequences of <paramref name="length"/> steps and <paramref name="channels"/> channels with
    /// i.i.d. N(0, 1) values; sequence i comes from its own stream of <paramref name="seed"/>, so a longer list starts
    /// with the same sequences.
    /// </summary>
    public static List<Sequence> Gaussian(int count, int length, int channels, long seed)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one sequence is needed.");
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length), length, "A sequence needs at least one step.");
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "A sequence needs at least one channel.");
        var list = new List<Sequence>(count);
        for (int i = 0; i < count; i++)
        {
            var v = new double[checked(length * channels)];
            Seeds.FillNormal(Seeds.Derive(seed, StreamInputs, i), v);
            list.Add(new Sequence(v, channels, $"random sequence {i}"));
        }
        return list;
    }

    private const long StreamInputs = -7;
}
