namespace Rntk.Gram;

/// <summary>Chooses the engine for a Gram computation.</summary>
public static class GramEngines
{
    public static GramResult Compute(
        PreparedSet rows, PreparedSet? columns, GramOptions options, IProgress<GramProgress>? progress, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return options.Engine switch
        {
            GramEngineKind.Auto or GramEngineKind.Reference => ReferenceGram.Compute(rows, columns, options, progress, ct),
            _ => throw new ArgumentException($"Unknown Gram engine {options.Engine}."),
        };
    }
}
