namespace Rntk.Networks;

/// <summary>
/// The trained parameters of one recurrent stack (one reading direction) in NTK parametrisation
/// (docs/math.md §1): per layer ℓ the recurrent weights W^(ℓ) (n×n), the input weights U^(ℓ) (n×m for ℓ = 1,
/// n×n above), the bias b^(ℓ) (n), and the readout V (n). Entries are the raw N(0, 1) values; the σ/√fan-in
/// multipliers live in the forward pass. The same shape holds a gradient ∂f/∂θ.
/// </summary>
/// <remarks>
/// Arrays are exposed and mutable on purpose: a training step or a finite-difference check changes parameters
/// in place, and every forward pass reads them afresh. Matrices are row-major: W[ℓ][i·n + k] = W^(ℓ)_{ik}.
/// </remarks>
public sealed class RnnParameters
{
    public int Layers { get; }
    /// <summary>Width n of every layer.</summary>
    public int Width { get; }
    /// <summary>Input channels m of the first layer.</summary>
    public int Channels { get; }

    /// <summary>W^(ℓ), n×n row-major, ℓ = 0..L−1.</summary>
    public double[][] W { get; }
    /// <summary>U^(ℓ), n × <see cref="InputSize"/>(ℓ) row-major.</summary>
    public double[][] U { get; }
    /// <summary>b^(ℓ), length n.</summary>
    public double[][] B { get; }
    /// <summary>The readout weights V, length n (one output).</summary>
    public double[] V { get; }

    /// <summary>All-zero parameters of the given shape.</summary>
    public RnnParameters(int layers, int width, int channels)
    {
        if (layers < 1) throw new ArgumentOutOfRangeException(nameof(layers), layers, "A network needs at least one layer.");
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "The width must be at least 1.");
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "A network needs at least one input channel.");
        Layers = layers;
        Width = width;
        Channels = channels;
        W = new double[layers][];
        U = new double[layers][];
        B = new double[layers][];
        for (int l = 0; l < layers; l++)
        {
            W[l] = new double[checked(width * width)];
            U[l] = new double[checked(width * InputSize(l))];
            B[l] = new double[width];
        }
        V = new double[width];
    }

    /// <summary>Fan-in of layer ℓ's input weights: m for the first layer, n above.</summary>
    public int InputSize(int layer) => layer == 0 ? Channels : Width;

    /// <summary>Number of scalar parameters.</summary>
    public long Count
    {
        get
        {
            long c = Width;
            for (int l = 0; l < Layers; l++) c += W[l].Length + U[l].Length + B[l].Length;
            return c;
        }
    }

    /// <summary>i.i.d. N(0, 1) parameters from the stream <paramref name="seed"/>, drawn in a fixed order (per layer W, U, b; then V).</summary>
    internal static RnnParameters Sample(int layers, int width, int channels, long seed)
    {
        var p = new RnnParameters(layers, width, channels);
        var rng = Seeds.Generator(seed);
        foreach (var a in p.Arrays()) rng.FillNormal(a, 1.0);
        return p;
    }

    /// <summary>The arrays in the flat order used by the indexer: per layer W, U, b; then V.</summary>
    public IEnumerable<double[]> Arrays()
    {
        for (int l = 0; l < Layers; l++)
        {
            yield return W[l];
            yield return U[l];
            yield return B[l];
        }
        yield return V;
    }

    /// <summary>Parameter number <paramref name="index"/> in the flat order of <see cref="Arrays"/>.</summary>
    public double this[long index]
    {
        get { var (a, i) = Locate(index); return a[i]; }
        set { var (a, i) = Locate(index); a[i] = value; }
    }

    private (double[] Array, int Index) Locate(long index)
    {
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(index), index, "Parameter index must be non-negative.");
        long rest = index;
        foreach (var a in Arrays())
        {
            if (rest < a.Length) return (a, (int)rest);
            rest -= a.Length;
        }
        throw new ArgumentOutOfRangeException(nameof(index), index, $"Parameter index beyond the {Count} parameters.");
    }

    /// <summary>⟨θ, θ′⟩ over every parameter: for two gradients, one direction's share of the empirical NTK.</summary>
    public double Dot(RnnParameters other)
    {
        CheckShape(other);
        double s = 0;
        using var e1 = Arrays().GetEnumerator();
        using var e2 = other.Arrays().GetEnumerator();
        while (e1.MoveNext() && e2.MoveNext()) s += DenseKernels.Dot(e1.Current, e2.Current);
        return s;
    }

    /// <summary>A deep copy.</summary>
    public RnnParameters Clone()
    {
        var c = new RnnParameters(Layers, Width, Channels);
        using var src = Arrays().GetEnumerator();
        using var dst = c.Arrays().GetEnumerator();
        while (src.MoveNext() && dst.MoveNext()) src.Current.CopyTo(dst.Current, 0);
        return c;
    }

    internal void CheckShape(RnnParameters other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Layers != Layers || other.Width != Width || other.Channels != Channels)
            throw new ArgumentException(
                $"Parameter shapes differ: L={Layers}, n={Width}, m={Channels} vs L={other.Layers}, n={other.Width}, m={other.Channels}.");
    }
}
