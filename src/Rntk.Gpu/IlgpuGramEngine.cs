using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using Rntk.Gram;
using Rntk.Kernels;

namespace Rntk.Gpu;

using PairKernelDelegate = Action<AcceleratorStream, Index1D, PairKernelParams, ArrayView<double>, ArrayView<double>,
    ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>>;

/// <summary>
/// The GPU Gram engine (ILGPU): float64, both kernels in one pass, any lengths (end-aligned, docs/math.md §4),
/// last-step or average-pooling readout, forward or bidirectional, ReLU or erf, up to <see cref="MaxLayers"/> layers.
/// The output is computed in bands of rows that fit the device and streamed back, so N is limited by host memory
/// for the result (<see cref="Compute"/>), or by the disk (<see cref="ComputeTo"/> into a memory-mapped .npy), not by
/// the GPU. The same kernel runs on ILGPU's CPU accelerator (device "ilgpu-cpu"), which is
/// how it is tested on machines without a GPU.
/// </summary>
/// <example>
/// <code>
/// IlgpuGramEngine.Register();   // once: lets GramDevice.Gpu / Auto use it
/// var g = new RntkKernel(cfg).Gram(set, new GramOptions { Device = GramDevice.Gpu });
/// </code>
/// </example>
public sealed class IlgpuGramEngine : IAcceleratorGramEngine, IDisposable
{
    /// <summary>Layers of recurrent state one GPU thread keeps; deeper networks run on the CPU.</summary>
    public const int MaxLayers = PairKernel.MaxLayers;

    /// <summary>The name results carry when the kernel ran on ILGPU's CPU accelerator.</summary>
    public const string IlgpuCpuName = "ilgpu-cpu";

    private static readonly Lazy<IlgpuGramEngine> SharedEngine = new(() =>
    {
        var e = new IlgpuGramEngine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => e.Dispose();
        return e;
    });

    /// <summary>The process-wide engine (one ILGPU context, accelerators created on first use).</summary>
    public static IlgpuGramEngine Shared => SharedEngine.Value;

    /// <summary>Registers <see cref="Shared"/> with <see cref="GramEngines"/>; creates no GPU context yet. Idempotent.</summary>
    public static void Register()
    {
        if (!ReferenceEquals(GramEngines.Accelerator, Shared)) GramEngines.RegisterAccelerator(Shared);
    }

    private readonly object _gate = new();
    private readonly long? _bandBytes;
    private readonly bool _pageLockedStaging;
    private Context? _context;
    private bool _probed;
    private string? _probeError;
    private Device? _gpuDevice;
    private Accelerator? _gpu, _cpu;
    private PairKernelDelegate? _gpuKernel, _cpuKernel;
    private HostStaging? _gpuStaging, _cpuStaging;
    private bool _disposed;

    /// <param name="bandBytes">
    /// Device memory for one band of output (both matrices); null = a quarter of the device's memory, at most 512 MiB
    /// (the page-locked host staging the engine keeps is as large).
    /// Tests pass a small value to exercise several bands.
    /// </param>
    /// <param name="sinkTile">
    /// The edge of the tiles <see cref="ComputeTo"/> cuts a band into for a sink (default 256). Tests pass a small value
    /// to exercise several tiles per band.
    /// </param>
    /// <param name="pageLockedStaging">
    /// Whether the host arrays bands are copied back into are page-locked (the default; faster, and kept between
    /// Grams: up to 512 MiB of locked memory) or plain managed arrays. Page-locking that fails falls back to plain.
    /// </param>
    public IlgpuGramEngine(long? bandBytes = null, int sinkTile = 256, bool pageLockedStaging = true)
    {
        _pageLockedStaging = pageLockedStaging;
        if (bandBytes is <= 0) throw new ArgumentOutOfRangeException(nameof(bandBytes), "The band size must be positive.");
        if (sinkTile is < 1 or > GramTiling.MaxTileSize)
            throw new ArgumentOutOfRangeException(nameof(sinkTile), $"The tile edge must be between 1 and {GramTiling.MaxTileSize}.");
        _bandBytes = bandBytes;
        SinkTile = sinkTile;
    }

    /// <summary>The edge of the tiles <see cref="ComputeTo"/> hands to a sink.</summary>
    internal int SinkTile { get; }

    /// <inheritdoc />
    public string? GpuName
    {
        get
        {
            lock (_gate)
            {
                Probe();
                return _gpuDevice is null ? null : "cuda:" + _gpuDevice.Name;
            }
        }
    }

    /// <summary>Why no GPU is used (no device, or the driver failed to load), or null when there is one.</summary>
    public string? NoGpuReason
    {
        get
        {
            lock (_gate)
            {
                Probe();
                return _gpuDevice is not null ? null : NoGpuReasonUnlocked();
            }
        }
    }

    /// <summary>Where the time of the last Gram this engine computed went (null before the first).</summary>
    public GpuRunTimes? LastTimes { get; private set; }

    /// <inheritdoc />
    public string? WhyUnsupported(PreparedSet rows, PreparedSet? columns)
    {
        var cfg = rows.Config;
        if (cfg.Activation is not (ReluActivation or ErfActivation))
            return $"the activation {cfg.Activation.Name} has no closed-form dual on the GPU (relu and erf have).";
        if (cfg.Layers > MaxLayers)
            return $"{cfg.Layers} layers; a GPU thread keeps the state of at most {MaxLayers}.";
        var items = columns is null ? rows.Sequences : rows.Sequences.Concat(columns.Sequences);
        var (_, values, chains) = PackedSet.Size(items, cfg.Layers);
        if (Math.Max(values, chains) > int.MaxValue)
            return "the inputs hold more than 2^31 values, beyond the kernel's 32-bit indices.";
        return null;
    }

    /// <inheritdoc />
    public GramResult Compute(
        PreparedSet rows, PreparedSet? columns, GramDevice device, GramOptions options,
        IProgress<GramProgress>? progress, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        KernelMatrix? rntk = null, nngp = null;
        string name = Run(rows, columns, device, banded => (rntk, nngp) = banded.Run(), progress, ct);
        return new GramResult(rntk!, nngp!, name, sw.Elapsed);
    }

    /// <inheritdoc />
    public string ComputeTo(
        PreparedSet rows, PreparedSet? columns, GramDevice device, IGramTileSink sink, GramOptions options,
        IProgress<GramProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return Run(rows, columns, device, banded => banded.RunInto(sink), progress, ct);
    }

    private string Run(
        PreparedSet rows, PreparedSet? columns, GramDevice device, Action<BandedGram> run,
        IProgress<GramProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (device is not (GramDevice.Gpu or GramDevice.IlgpuCpu))
            throw new ArgumentException($"The ILGPU engine runs on device Gpu or IlgpuCpu, not {device}.", nameof(device));
        if (WhyUnsupported(rows, columns) is { } why) throw new NotSupportedException("The GPU engine cannot compute this Gram: " + why);
        if (columns is not null && columns.Config != rows.Config)
            throw new ArgumentException("Row and column sets were prepared with different kernel configurations.");
        if (columns is not null && columns.Channels != rows.Channels)
            throw new ArgumentException($"Channel mismatch: rows have {rows.Channels} channels, columns {columns.Channels}.");

        // One Gram at a time per engine: the accelerator's default stream and the band buffers are not shared.
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var (acc, kernel, name) = Accelerate(device);
            var banded = new BandedGram(this, acc, kernel, rows, columns, progress, ct);
            run(banded);
            LastTimes = banded.Times;
            return name;
        }
    }

    /// <summary>
    /// Bytes of device memory for one band of output (both matrices): a quarter of the device's, at most 512 MiB, since
    /// the engine keeps a page-locked host copy of that size (<see cref="HostStaging"/>).
    /// </summary>
    internal long BandBytesFor(Accelerator acc) =>
        _bandBytes ?? Math.Clamp(acc.MemorySize / 4, 64L << 20, 512L << 20);

    /// <summary>
    /// Frees the host staging arrays the engine keeps between Grams (up to 512 MiB of page-locked memory per
    /// accelerator by default); the next Gram allocates them again. For long-lived processes, such as a notebook,
    /// that are done with large GPU Grams for now.
    /// </summary>
    public void ReleaseHostStaging()
    {
        lock (_gate)
        {
            _gpuStaging?.Dispose();
            _gpuStaging = null;
            _cpuStaging?.Dispose();
            _cpuStaging = null;
        }
    }

    /// <summary>Bytes of host staging the engine holds now (both matrices, all accelerators).</summary>
    public long HostStagingBytes
    {
        get
        {
            lock (_gate) return 2L * sizeof(double) * ((_gpuStaging?.Capacity ?? 0) + (_cpuStaging?.Capacity ?? 0));
        }
    }

    /// <summary>The page-locked staging arrays for <paramref name="acc"/>, at least <paramref name="length"/> entries each (caller holds the gate).</summary>
    internal HostStaging StagingFor(Accelerator acc, long length)
    {
        ref var staging = ref acc == _gpu ? ref _gpuStaging : ref _cpuStaging;
        if (staging is { } s && s.Capacity >= length) return s;
        staging?.Dispose();
        staging = null;   // if the larger allocation fails, nothing disposed stays referenced
        staging = new HostStaging(acc, length, _pageLockedStaging);
        return staging;
    }

    private static int _resolverInstalled;

    /// <summary>
    /// ILGPU imports the CUDA driver as "cuda", which .NET looks up as libcuda.so; a machine with only the driver's
    /// runtime files (a container, say) may have just the versioned libcuda.so.1. When the default lookup fails,
    /// try that name too.
    /// </summary>
    private static void InstallCudaLibraryFallback()
    {
        if (Interlocked.Exchange(ref _resolverInstalled, 1) == 1) return;
        var ilgpu = typeof(Context).Assembly;
        System.Runtime.Loader.AssemblyLoadContext.Default.ResolvingUnmanagedDll += (assembly, name) =>
            assembly == ilgpu && name == "cuda" && OperatingSystem.IsLinux()
                && System.Runtime.InteropServices.NativeLibrary.TryLoad("libcuda.so.1", out var handle)
                ? handle
                : IntPtr.Zero;
    }

    private void Probe()
    {
        if (_probed) return;
        InstallCudaLibraryFallback();
        try
        {
            _context = Context.Create(b => b.Cuda().CPU().Optimize(OptimizationLevel.O2));
            // The preferred non-CPU device is the CUDA GPU with the most compute when there is one.
            var preferred = _context.GetPreferredDevice(preferCPU: false);
            _gpuDevice = preferred.AcceleratorType == AcceleratorType.Cuda ? preferred : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A broken CUDA installation must not take the CPU paths down with it: remember why, go on without.
            _probeError = $"the CUDA driver could not be used ({e.GetType().Name}: {e.Message})";
            _context = Context.Create(b => b.CPU().Optimize(OptimizationLevel.O2));
            _gpuDevice = null;
        }
        _probed = true;
    }

    private (Accelerator, PairKernelDelegate, string) Accelerate(GramDevice device)
    {
        Probe();
        if (device == GramDevice.Gpu)
        {
            if (_gpuDevice is null)
                throw new NotSupportedException($"No CUDA GPU: {NoGpuReasonUnlocked()}; use device cpu or auto.");
            _gpu ??= _gpuDevice.CreateAccelerator(_context!);
            _gpuKernel ??= Load(_gpu);
            return (_gpu, _gpuKernel, "cuda:" + _gpuDevice.Name);
        }
        _cpu ??= _context!.CreateCPUAccelerator(0);
        _cpuKernel ??= Load(_cpu);
        return (_cpu, _cpuKernel, IlgpuCpuName);
    }

    private string NoGpuReasonUnlocked() => _probeError ?? "ILGPU found no CUDA device (no NVIDIA GPU or driver visible)";

    private static PairKernelDelegate Load(Accelerator acc) =>
        acc.LoadAutoGroupedKernel<Index1D, PairKernelParams, ArrayView<double>, ArrayView<double>,
            ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>>(PairKernel.Run);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _gpuStaging?.Dispose();
            _cpuStaging?.Dispose();
            _gpu?.Dispose();
            _cpu?.Dispose();
            _context?.Dispose();
        }
    }
}
