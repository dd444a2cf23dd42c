using Rntk.Data;
using Rntk.Kernels;

namespace Rntk.Gram;

/// <summary>
/// A set of sequences with their variance chains (and, for the bidirectional kernel, the reversed sequences
/// and theirs), computed once: O(N·T·L) memory, reused by every pair (docs/math.md §4 "Cost").
/// </summary>
public sealed class PreparedSet
{
    public KernelConfig Config { get; }
    public IReadOnlyList<Sequence> Sequences { get; }
    public VarianceChain[] Chains { get; }
    public Sequence[]? Reversed { get; }
    public VarianceChain[]? ReversedChains { get; }
    public int Channels { get; }
    public int Count => Sequences.Count;
    public int MaxLength { get; }

    public PreparedSet(KernelConfig config, IReadOnlyList<Sequence> sequences, string name = "input", int expectedChannels = 0)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        Channels = SequenceSet.ValidateChannels(sequences, name, expectedChannels);
        Sequences = sequences;
        int n = sequences.Count;
        Chains = new VarianceChain[n];
        bool bi = config.Direction == Direction.Bidirectional;
        if (bi)
        {
            Reversed = new Sequence[n];
            ReversedChains = new VarianceChain[n];
        }
        Parallelism.For(0, n, null, i =>
        {
            Chains[i] = VarianceChain.Compute(config, sequences[i], Who(sequences[i], i, name));
            if (bi)
            {
                Reversed![i] = sequences[i].Reversed();
                ReversedChains![i] = VarianceChain.Compute(config, Reversed[i], Who(sequences[i], i, name) + " read backwards");
            }
        });
        MaxLength = sequences.Max(s => s.Length);
    }

    /// <summary>The reference pair value between item i of this set and item j of <paramref name="other"/>.</summary>
    public KernelValue Pair(int i, PreparedSet other, int j, bool same) =>
        PairRecursion.Evaluate(Config, Sequences[i], Chains[i], other.Sequences[j], other.Chains[j], same,
            Reversed?[i], ReversedChains?[i], other.Reversed?[j], other.ReversedChains?[j]);

    /// <summary>How errors name item i: its own name (file and row) when it has one, and always its index in the set.</summary>
    private static string Who(Sequence s, int i, string set) =>
        s.Name is { } name ? $"{name} (sequence {i} of the {set} set)" : $"sequence {i} of the {set} set";
}
