using Rntk.Kernels;

namespace Rntk.Gram;

/// <summary>Chooses the device (CPU or GPU) and the engine for a Gram computation.</summary>
public static class GramEngines
{
    /// <summary>
    /// Below this much work (see <see cref="Work"/>) <see cref="GramDevice.Auto"/> stays on the CPU even when a GPU
    /// is present: starting a GPU context and compiling its kernel costs about a second, more than a CPU engine
    /// needs for such a Gram.
    /// </summary>
    public const double AutoGpuMinimumWork = 2e8;

    private static IAcceleratorGramEngine? _accelerator;

    /// <summary>The registered accelerator engine, or null (the core library has none of its own).</summary>
    public static IAcceleratorGramEngine? Accelerator => Volatile.Read(ref _accelerator);

    /// <summary>Makes <paramref name="engine"/> the accelerator engine used for <see cref="GramDevice.Gpu"/> and <see cref="GramDevice.Auto"/>.</summary>
    public static void RegisterAccelerator(IAcceleratorGramEngine engine) =>
        Volatile.Write(ref _accelerator, engine ?? throw new ArgumentNullException(nameof(engine)));

    /// <summary>
    /// The CPU engine that will run <paramref name="cfg"/> under <paramref name="requested"/>, and when Auto falls back
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

    /// <summary>
    /// Where <see cref="Compute"/> will run these sets under <paramref name="options"/>: <see cref="GramDevice.Cpu"/>,
    /// <see cref="GramDevice.Gpu"/> or <see cref="GramDevice.IlgpuCpu"/>. Throws (naming why) when an explicit GPU
    /// device cannot be used: no engine registered, no GPU, or a configuration the GPU engine does not support.
    /// </summary>
    public static GramDevice ResolveDevice(PreparedSet rows, PreparedSet? columns, GramOptions options)
    {
        switch (options.Device)
        {
            case GramDevice.Cpu:
                return GramDevice.Cpu;
            case GramDevice.Gpu or GramDevice.IlgpuCpu:
            {
                var acc = Accelerator ?? throw new NotSupportedException(
                    $"Device {options.Device} needs the GPU engine: reference Rntk.Gpu and call Rntk.Gpu.IlgpuGramEngine.Register() first.");
                if (options.Device == GramDevice.Gpu && acc.GpuName is null)
                    throw new NotSupportedException($"No CUDA GPU: {acc.NoGpuReason}; use device cpu or auto.");
                if (acc.WhyUnsupported(rows, columns) is { } why)
                    throw new NotSupportedException($"The GPU engine cannot compute this Gram: {why} Use device cpu or auto.");
                return options.Device;
            }
            case GramDevice.Auto:
            {
                var acc = Accelerator;
                return acc is not null && Work(rows, columns) >= AutoGpuMinimumWork && acc.WhyUnsupported(rows, columns) is null
                    && acc.GpuName is not null
                    ? GramDevice.Gpu
                    : GramDevice.Cpu;
            }
            default:
                throw new ArgumentException($"Unknown Gram device {options.Device}.");
        }
    }

    /// <summary>Both Gram matrices in memory (symmetric when <paramref name="columns"/> is null), on the device the options ask for.</summary>
    public static GramResult Compute(
        PreparedSet rows, PreparedSet? columns, GramOptions options, IProgress<GramProgress>? progress, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var device = ResolveDevice(rows, columns, options);
        return device == GramDevice.Cpu
            ? ComputeOnCpu(rows, columns, options, progress, ct)
            : Accelerator!.Compute(rows, columns, device, options, progress, ct);
    }

    private static GramResult ComputeOnCpu(
        PreparedSet rows, PreparedSet? columns, GramOptions options, IProgress<GramProgress>? progress, CancellationToken ct)
    {
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
    /// not memory), on the device the options ask for; returns the engine's name (with Auto's note on the CPU) and
    /// the time taken.
    /// </summary>
    public static (string Engine, TimeSpan Elapsed) ComputeTo(
        PreparedSet rows, PreparedSet? columns, IGramTileSink sink, GramOptions options,
        IProgress<GramProgress>? progress, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var device = ResolveDevice(rows, columns, options);
        if (device != GramDevice.Cpu)
            return (Accelerator!.ComputeTo(rows, columns, device, sink, options, progress, ct), sw.Elapsed);
        var (_, note) = Resolve(options.Engine, rows.Config);
        var engine = CreateTileEngine(rows, columns, options);
        GramTileDriver.Run(engine, sink, options, progress, ct);
        return (note is null ? engine.Name : $"{engine.Name} ({note})", sw.Elapsed);
    }

    /// <summary>
    /// Pairs × longest length × layers (× length again for average pooling, × 2 bidirectional): the work measure of
    /// <see cref="AutoGpuMinimumWork"/>.
    /// </summary>
    public static double Work(PreparedSet rows, PreparedSet? columns)
    {
        double pairs = columns is null ? (double)rows.Count * (rows.Count + 1) / 2 : (double)rows.Count * columns.Count;
        int t = Math.Max(rows.MaxLength, columns?.MaxLength ?? 0);
        var cfg = rows.Config;
        double perPair = (double)t * cfg.Layers
            * (cfg.Readout == Readout.AveragePooling ? t : 1)      // every cell of the T×T′ grid (§5)
            * (cfg.Direction == Direction.Bidirectional ? 2 : 1);
        return pairs * perPair;
    }
}
