namespace Rntk.Gram;

/// <summary>Which implementation computes a Gram matrix.</summary>
public enum GramEngineKind
{
    /// <summary>The fastest engine that supports the configuration on this machine.</summary>
    Auto,
    /// <summary>The scalar reference recursion, pair by pair, on all cores.</summary>
    Reference,
}

/// <summary>How a Gram matrix is computed (never what it contains: every engine returns the same values).</summary>
public sealed record GramOptions
{
    public GramEngineKind Engine { get; init; } = GramEngineKind.Auto;
    /// <summary>Worker threads; null = all cores. Results are bit-identical whatever the count.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    public static GramOptions Default { get; } = new();
}
