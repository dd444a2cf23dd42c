namespace Rntk.Gram;

/// <summary>Which CPU implementation computes a Gram matrix (when it runs on the CPU, see <see cref="GramDevice"/>).</summary>
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

/// <summary>Where a Gram matrix is computed.</summary>
public enum GramDevice
{
    /// <summary>A GPU when one is present (and a registered accelerator engine supports the configuration), else the CPU.</summary>
    Auto,
    /// <summary>The CPU engines (<see cref="GramOptions.Engine"/> chooses which).</summary>
    Cpu,
    /// <summary>A CUDA GPU through the registered accelerator engine; an error when there is none.</summary>
    Gpu,
    /// <summary>The GPU kernels run by ILGPU's CPU accelerator: slow, for testing the GPU code without a GPU.</summary>
    IlgpuCpu,
}

/// <summary>How a Gram matrix is computed (never what it contains: every engine returns the same values).</summary>
public sealed record GramOptions
{
    public GramEngineKind Engine { get; init; } = GramEngineKind.Auto;
    /// <summary>CPU or GPU; see <see cref="GramDevice"/>. The GPU engine lives in the Rntk.Gpu assembly and must be registered.</summary>
    public GramDevice Device { get; init; } = GramDevice.Auto;
    /// <summary>Worker threads; null = all cores. Results are bit-identical whatever the count.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
    /// <summary>
    /// Tile edge for tiled engines, 1 to <see cref="GramTiling.MaxTileSize"/>; null = <see cref="GramTiling.SizeFor"/>
    /// (64, smaller for small Grams). Results do not depend on it.
    /// </summary>
    public int? TileSize
    {
        get => _tileSize;
        init => _tileSize = value is null or (>= 1 and <= GramTiling.MaxTileSize) ? value
            : throw new ArgumentOutOfRangeException(nameof(TileSize), value, $"The tile edge must be between 1 and {GramTiling.MaxTileSize}.");
    }
    private readonly int? _tileSize;
    /// <summary>Vector width of the SIMD engine (128, 256 or 512 bits); null = the widest this machine accelerates.</summary>
    public int? VectorBits { get; init; }

    public static GramOptions Default { get; } = new();

    /// <summary>Parses "auto", "cpu", "gpu" or "ilgpu-cpu" (case-insensitive).</summary>
    public static GramDevice ParseDevice(string name) => name.Trim().ToLowerInvariant() switch
    {
        "auto" => GramDevice.Auto,
        "cpu" => GramDevice.Cpu,
        "gpu" or "cuda" => GramDevice.Gpu,
        "ilgpu-cpu" => GramDevice.IlgpuCpu,
        _ => throw new ArgumentException($"Unknown device '{name}': use auto, cpu, gpu or ilgpu-cpu."),
    };
}
