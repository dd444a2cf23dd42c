namespace Rntk.Gram;

/// <summary>
/// A Gram engine that runs on an accelerator. It lives in its own assembly (Rntk.Gpu, built on ILGPU) so that the
/// core library carries no GPU runtime; that assembly registers it with <see cref="GramEngines.RegisterAccelerator"/>.
/// </summary>
public interface IAcceleratorGramEngine
{
    /// <summary>
    /// What a GPU run is called in results (e.g. "cuda:NVIDIA H200"), or null when no GPU is present.
    /// The first call probes the driver; later calls are cheap.
    /// </summary>
    string? GpuName { get; }

    /// <summary>Why there is no GPU (a phrase for error messages), or null when <see cref="GpuName"/> is not null.</summary>
    string? NoGpuReason { get; }

    /// <summary>Why this engine cannot compute the Gram of these sets (a sentence), or null when it can.</summary>
    string? WhyUnsupported(PreparedSet rows, PreparedSet? columns);

    /// <summary>
    /// The Gram matrices, equal to the reference engine's to rounding. <paramref name="device"/> is
    /// <see cref="GramDevice.Gpu"/> or <see cref="GramDevice.IlgpuCpu"/>.
    /// </summary>
    GramResult Compute(
        PreparedSet rows, PreparedSet? columns, GramDevice device, GramOptions options,
        IProgress<GramProgress>? progress, CancellationToken ct);

    /// <summary>
    /// The same Gram, tile by tile into <paramref name="sink"/> (e.g. <see cref="NpyTileSink"/>), never whole in
    /// memory; returns the device's name (as <see cref="GpuName"/>, or the CPU accelerator's).
    /// </summary>
    string ComputeTo(
        PreparedSet rows, PreparedSet? columns, GramDevice device, IGramTileSink sink, GramOptions options,
        IProgress<GramProgress>? progress, CancellationToken ct);
}
