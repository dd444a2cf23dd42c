using Rntk.Kernels;

namespace Rntk.Gram;

/// <summary>Chooses the engine for a Gram computation.</summary>
public static class GramEngines
{
    /// <summary>
    /// The engine that will run <paramref name="cfg"/> under <paramref name="requested"/>, and when Auto falls back
    /// to the reference engine, a note saying why (else null). An explicit <see cref="GramEngineKind.Simd"/> for an
    /// unsupported configuration throws <see cref="NotSupportedException"/> naming the reason.
    /// </summary>
    public static (GramEngineKind Kind, string? Note) Resolve(GramEngineKind requested, KernelConfig cfg)
    {
        ArgumentNullException.ThrowIfNull(cfg);
        switch (requested)
        {
            case GramEngineKind.Reference:
                return (GramEngineKind.Reference, null);
            case GramEngineKind.Simd:
                if (!SimdGram.Supports(cfg, out var why)) throw new NotSupportedException($"Cannot use the SIMD engine: {why}; use the reference engine.");
                return (GramEngineKind.Simd, null);
            case GramEngineKind.Auto:
                return SimdGram.Supports(cfg, out var reason)
                    ? (GramEngineKind.Simd, null)
                    : (GramEngineKind.Reference, $"auto chose the reference engine: {reason}");
            default:
                throw new ArgumentException($"Unknown Gram engine {requested}.");
        }
    }

    /// <summary>Both Gram matrices in memory (symmetric when <paramref name="columns"/> is null).</summary>
    public static GramResult Compute(
        PreparedSet rows, PreparedSet? columns, GramOptions options, IProgress<GramProgress>? progress, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var (kind, note) = Resolve(options.Engine, rows.Config);
        var result = kind == GramEngineKind.Simd
            ? SimdGram.Compute(rows, columns, options, progress, ct)
            : ReferenceGram.Compute(rows, columns, options, progress, ct);
        return note is null ? result : result with { Engine = $"{result.Engine} ({note})" };
    }

    /// <summary>The tile engine for <paramref name="options"/> (for streaming sinks, e.g. <see cref="NpyTileSink"/>).</summary>
    public static IGramTileEngine CreateTileEngine(PreparedSet rows, PreparedSet? columns, GramOptions options)
    {
        var (kind, _) = Resolve(options.Engine, rows.Config);
        return kind == GramEngineKind.Simd ? new SimdGram(rows, columns, options.VectorBits) : new ReferenceTileEngine(rows, columns);
    }

    /// <summary>
    /// Computes every tile into <paramref name="sink"/> (e.g. a memory-mapped .npy file, so N is limited by disk,
    /// not memory); returns the engine's name (with Auto's note) and the time taken.
    /// </summary>
    public static (string Engine, TimeSpan Elapsed) ComputeTo(
        PreparedSet rows, PreparedSet? columns, IGramTileSink sink, GramOptions options,
        IProgress<GramProgress>? progress, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var (_, note) = Resolve(options.Engine, rows.Config);
        var engine = CreateTileEngine(rows, columns, options);
        GramTileDriver.Run(engine, sink, options, progress, ct);
        return (note is null ? engine.Name : $"{engine.Name} ({note})", sw.Elapsed);
    }
}
