namespace Rntk.Gram;

/// <summary>Chooses the device and engine for a Gram computation.</summary>
public static class GramEngines
{
    /// <summary>
    /// Below this much work (pairs × longest length × layers) <see cref="GramDevice.Auto"/> stays on the CPU even
    /// when a GPU is present: starting a GPU context and compiling its kernel costs about a second, more than a
    /// CPU engine needs for such a Gram.
    /// </summary>
    public const double AutoGpuMinimumWork = 2e8;

    private static IAcceleratorGramEngine? _accelerator;

    /// <summary>The registered accelerator engine, or null (the core library has none of its own).</summary>
    public static IAcceleratorGramEngine? Accelerator => Volatile.Read(ref _accelerator);

    /// <summary>Makes <paramref name="engine"/> the accelerator engine used for <see cref="GramDevice.Gpu"/> and <see cref="GramDevice.Auto"/>.</summary>
    public static void RegisterAccelerator(IAcceleratorGramEngine engine) =>
        Volatile.Write(ref _accelerator, engine ?? throw new ArgumentNullException(nameof(engine)));

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
        PreparedSet rows, PreparedSet? columns, GramOptions options, IProgress<GramProgress>? progress, CancellationToken ct) =>
        options.Engine switch
        {
            GramEngineKind.Auto or GramEngineKind.Reference => ReferenceGram.Compute(rows, columns, options, progress, ct),
            _ => throw new ArgumentException($"Unknown Gram engine {options.Engine}."),
        };

    /// <summary>Pairs × longest length × layers (× length again for average pooling, × 2 bidirectional): the work measure of <see cref="AutoGpuMinimumWork"/>.</summary>
    public static double Work(PreparedSet rows, PreparedSet? columns)
    {
        double pairs = columns is null ? (double)rows.Count * (rows.Count + 1) / 2 : (double)rows.Count * columns.Count;
        int t = Math.Max(rows.MaxLength, columns?.MaxLength ?? 0);
        var cfg = rows.Config;
        double perPair = (double)t * cfg.Layers
            * (cfg.Readout == Kernels.Readout.AveragePooling ? t : 1)      // every cell of the T×T′ grid (§5)
            * (cfg.Direction == Kernels.Direction.Bidirectional ? 2 : 1);
        return pairs * perPair;
    }
}
