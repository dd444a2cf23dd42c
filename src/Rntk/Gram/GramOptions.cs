namespace Rntk.Gram;

/// <summary>Which implementation computes a Gram matrix.</summary>
public enum GramEngineKind
{
    /// <summary>
    /// The fastest engine that supports the configuration on this machine: <see cref="Simd"/> for the closed-form
    /// activations (relu, erf), else <see cref="Reference"/> (quadrature activations such as tanh).
    /// </summary>
    Auto,
    /// <summary>The scalar reference recursion, pair by pair, on all cores.</summary>
    Reference,
    /// <summary>Pairs in SIMD lanes (<see cref="SimdGram"/>); relu and erf only.</summary>
    Simd,
}

/// <summary>How a Gram matrix is computed (never what it contains: every engine returns the same values).</summary>
public sealed record GramOptions
{
    public GramEngineKind Engine { get; init; } = GramEngineKind.Auto;
    /// <summary>Worker threads; null = all cores. Results are bit-identical whatever the count.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
    /// <summary>Tile edge for tiled engines; null = <see cref="GramTiling.DefaultTileSize"/>. Results do not depend on it.</summary>
    public int? TileSize { get; init; }
    /// <summary>Vector width of the SIMD engine (128, 256 or 512 bits); null = the widest this machine accelerates.</summary>
    public int? VectorBits { get; init; }

    public static GramOptions Default { get; } = new();
}
