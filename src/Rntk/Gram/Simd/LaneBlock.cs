using System.Runtime.CompilerServices;
namespace Rntk.Gram.Simd;

/// <summary>
/// One vector's worth of column sequences laid out lane-minor ([position][lane]) so that a pair-step loads each
/// column quantity with one vector load. Sequences are aligned at their ends (docs/math.md §4): position p of a
/// block of longest length P holds step t = p − (P − T) of a sequence of length T; its first P − T positions are
/// padding (zeros, which keep every formula finite) where that lane is held on the chain's boundary.
/// </summary>
internal sealed class LaneBlock
{
    public int Width { get; }
    public int Layers { get; }
    public int Channels { get; }
    /// <summary>Longest length in the block.</summary>
    public int P { get; private set; }
    /// <summary>Largest first position: below it some lane is still padding and steps must be masked.</summary>
    public int MaxFirst { get; private set; }
    /// <summary>[(p·m + c)·W + lane]</summary>
    public double[] X { get; private set; }
    /// <summary>[(ℓ·P + p)·W + lane]</summary>
    public double[] C1 { get; private set; }
    public double[] C2 { get; private set; }
    /// <summary>First position P − T of each lane, as doubles for vector comparisons.</summary>
    public double[] First { get; }
    /// <summary>The sequence in each lane; lanes past <see cref="Count"/> repeat lane 0 and are discarded.</summary>
    public int[] Source { get; }
    public int Count { get; private set; }

    public LaneBlock(int width, int layers, int channels)
    {
        Width = width;
        Layers = layers;
        Channels = channels;
        X = [];
        C1 = [];
        C2 = [];
        First = new double[width];
        Source = new int[width];
    }

    /// <summary>Loads up to <see cref="Width"/> sequences of <paramref name="series"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fill(SimdSeries series, ReadOnlySpan<int> sequences)
    {
        if (sequences.Length == 0 || sequences.Length > Width) throw new ArgumentOutOfRangeException(nameof(sequences));
        int w = Width, m = Channels, layers = Layers;
        Count = sequences.Length;
        int P = 0;
        for (int lane = 0; lane < w; lane++)
        {
            // Padding lanes repeat lane 0 (same length), so they never force masking.
            Source[lane] = sequences[lane < Count ? lane : 0];
            P = Math.Max(P, series.Lengths[Source[lane]]);
        }
        this.P = P;
        EnsureCapacity(P);
        int maxFirst = 0;
        for (int lane = 0; lane < w; lane++)
        {
            int s = Source[lane], T = series.Lengths[s], f = P - T;
            First[lane] = f;
            maxFirst = Math.Max(maxFirst, f);
            var values = series.Values[s];
            var c1 = series.C1[s];
            var c2 = series.C2[s];
            for (int p = 0; p < f; p++)
            {
                for (int c = 0; c < m; c++) X[(p * m + c) * w + lane] = 0;
                for (int l = 0; l < layers; l++)
                {
                    C1[(l * P + p) * w + lane] = 0;
                    C2[(l * P + p) * w + lane] = 0;
                }
            }
            for (int t = 0; t < T; t++)
            {
                int p = f + t;
                for (int c = 0; c < m; c++) X[(p * m + c) * w + lane] = values[t * m + c];
                for (int l = 0; l < layers; l++)
                {
                    C1[(l * P + p) * w + lane] = c1[l * T + t];
                    C2[(l * P + p) * w + lane] = c2[l * T + t];
                }
            }
        }
        MaxFirst = maxFirst;
    }

    private void EnsureCapacity(int P)
    {
        int nx = P * Channels * Width, nc = P * Layers * Width;
        if (X.Length < nx) X = new double[nx];
        if (C1.Length < nc)
        {
            C1 = new double[nc];
            C2 = new double[nc];
        }
    }
}
