using Rntk.Kernels;

namespace Rntk.Gram.Simd;

/// <summary>
/// What the SIMD engine reads of each sequence of a <see cref="PreparedSet"/> (one reading direction): the values
/// and the two per-step dual coefficients (<see cref="ISimdDual"/>) derived from its cached variance chain.
/// O(N·T·L) memory, computed once per Gram and shared by every tile.
/// </summary>
internal sealed class SimdSeries
{
    public int Layers { get; }
    public int Channels { get; }
    public int[] Lengths { get; }
    /// <summary>Row-major values [t·m + c] of sequence i.</summary>
    public double[][] Values { get; }
    /// <summary>Coefficient 1 of sequence i, [ℓ·T + t].</summary>
    public double[][] C1 { get; }
    /// <summary>Coefficient 2 of sequence i, [ℓ·T + t].</summary>
    public double[][] C2 { get; }

    private SimdSeries(int layers, int channels, int n)
    {
        Layers = layers;
        Channels = channels;
        Lengths = new int[n];
        Values = new double[n][];
        C1 = new double[n][];
        C2 = new double[n][];
    }

    public static SimdSeries Build<TD>(PreparedSet set, bool reversed) where TD : ISimdDual
    {
        var seqs = reversed ? set.Reversed! : set.Sequences;
        var chains = reversed ? set.ReversedChains! : set.Chains;
        var s = new SimdSeries(set.Config.Layers, set.Channels, set.Count);
        for (int i = 0; i < set.Count; i++)
        {
            VarianceChain q = chains[i];
            s.Lengths[i] = seqs[i].Length;
            s.Values[i] = seqs[i].Values.ToArray();
            var c1 = new double[q.Q.Length];
            var c2 = new double[q.Q.Length];
            for (int k = 0; k < c1.Length; k++)
            {
                c1[k] = TD.Coefficient1(q.Q[k]);
                c2[k] = TD.Coefficient2(q.Q[k]);
            }
            s.C1[i] = c1;
            s.C2[i] = c2;
        }
        return s;
    }
}
