using System.Runtime.Intrinsics;
using Rntk.Gram.Simd;
using Rntk.Kernels;

namespace Rntk.Gram;

/// <summary>
/// The fast CPU Gram engine: many pairs advance together in SIMD lanes (AVX-512, AVX2 or 128-bit vectors, two
/// interleaved per step and four rows per lane block, so 64 pairs are in flight on AVX-512), with vectorised
/// arccos/arcsin (<c>SimdMath</c>), 64 × 64 tiles on all cores, and sequences of any lengths (lanes sorted by length
/// inside a tile, end-aligned, masked where a lane's chain has not begun). Both kernels in one pass.
/// </summary>
/// <remarks>
/// Supports ReLU and erf (the closed-form duals), any number of layers, last-step and average-pooling readouts,
/// forward and bidirectional, independent and shared h0. Other activations (quadrature) go to the reference engine
/// (<see cref="Supports"/>). The operations are the reference's, in its order, but for the arccos/arcsin
/// polynomials: entries agree with <see cref="PairRecursion"/> to ~1e-15 relative on random data and to ~1e-13 on
/// GunPoint and 6e-13 on ShapesAll, where correlations near 1 amplify rounding (tests: 1e-12); the diagonal of a symmetric Gram (a
/// sequence with itself) is computed by the reference recursion itself. Every entry is computed by a fixed sequence
/// of operations, symmetric in its two sequences, so results are bit-identical whatever the thread count, the tile
/// it falls in, or the vector width.
/// </remarks>
public sealed class SimdGram : IGramTileEngine
{
    private readonly int _bits;
    private readonly int _interleave;
    private readonly bool _divisionFree;

    /// <summary>Rows advanced together against one lane block (1..RowGroup.Max).</summary>
    internal int RowsInFlight { get; init; } = 4;

    internal PreparedSet RowSet { get; }
    internal PreparedSet ColumnSet { get; }
    /// <summary>Per direction (forward, then reversed when bidirectional).</summary>
    internal SimdSeries[] RowSeries { get; }
    internal SimdSeries[] ColumnSeries { get; }
    internal ChainParams Params { get; }

    public KernelConfig Config => RowSet.Config;
    public int Rows => RowSet.Count;
    public int Columns => ColumnSet.Count;
    public bool Symmetric { get; }
    /// <summary>"cpu-simd-512x2": the vector width in bits, times the vectors interleaved per step.</summary>
    public string Name => $"cpu-simd-{_bits}x{_interleave}" + (_divisionFree ? "-division-free" : "");

    /// <summary>Whether the engine computes <paramref name="cfg"/>; if not, <paramref name="reason"/> says why.</summary>
    public static bool Supports(KernelConfig cfg, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(cfg);
        if (cfg.Activation is ReluActivation or ErfActivation)
        {
            reason = null;
            return true;
        }
        reason = $"the SIMD engine implements the closed-form duals of relu and erf; '{cfg.Activation.Name}' needs quadrature";
        return false;
    }

    /// <summary>The widest vector this machine accelerates: 512, 256 or 128 bits.</summary>
    public static int BestVectorBits =>
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;

    /// <param name="rows">The row set (and the column set when <paramref name="columns"/> is null: a symmetric Gram).</param>
    /// <param name="columns">The column set of a cross Gram, or null.</param>
    /// <param name="vectorBits">128, 256 or 512; null = <see cref="BestVectorBits"/>. Results do not depend on it.</param>
    public SimdGram(PreparedSet rows, PreparedSet? columns = null, int? vectorBits = null)
        : this(rows, columns, vectorBits, interleave: 2, divisionFreeRelu: false) { }

    /// <param name="rows">As the public constructor.</param>
    /// <param name="columns">As the public constructor.</param>
    /// <param name="vectorBits">As the public constructor.</param>
    /// <param name="interleave">Vectors advanced side by side per step (1 or 2; 2 hides the latency of a pair-step).</param>
    /// <param name="divisionFreeRelu">The faster, less reference-faithful ReLU form (<c>ReluFastDual</c>), for benchmarks.</param>
    internal SimdGram(PreparedSet rows, PreparedSet? columns, int? vectorBits, int interleave, bool divisionFreeRelu)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (columns is not null && columns.Config != rows.Config)
            throw new ArgumentException("The row and column sets were prepared with different kernel configurations.");
        if (columns is not null && columns.Channels != rows.Channels)
            throw new ArgumentException($"Channel mismatch: rows have {rows.Channels} channels, columns {columns.Channels}.");
        if (!Supports(rows.Config, out var why)) throw new NotSupportedException($"Cannot use the SIMD engine: {why}.");
        _bits = vectorBits ?? BestVectorBits;
        if (_bits is not (128 or 256 or 512))
            throw new ArgumentException($"The vector width must be 128, 256 or 512 bits (got {_bits}).", nameof(vectorBits));
        if (interleave is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(interleave), interleave, "Interleave 1 or 2 vectors.");
        _interleave = interleave;
        _divisionFree = divisionFreeRelu && rows.Config.Activation is ReluActivation;
        RowSet = rows;
        ColumnSet = columns ?? rows;
        Symmetric = columns is null;
        Params = new ChainParams(rows.Config, rows.Channels);
        bool bi = rows.Config.Direction == Direction.Bidirectional;
        bool relu = rows.Config.Activation is ReluActivation;
        SimdSeries Build(PreparedSet s, bool rev) =>
            _divisionFree ? SimdSeries.Build<ReluFastDual>(s, rev) : relu ? SimdSeries.Build<ReluDual>(s, rev) : SimdSeries.Build<ErfDual>(s, rev);
        RowSeries = bi ? [Build(RowSet, false), Build(RowSet, true)] : [Build(RowSet, false)];
        ColumnSeries = Symmetric ? RowSeries : bi ? [Build(ColumnSet, false), Build(ColumnSet, true)] : [Build(ColumnSet, false)];
    }

    public IGramTileWorker CreateWorker() => Config.Activation is ReluActivation
        ? _divisionFree ? Create<ReluFastDual>() : Create<ReluDual>()
        : Create<ErfDual>();

    private IGramTileWorker Create<TD>() where TD : ISimdDual => (_bits, _interleave) switch
    {
        (512, 2) => new SimdTileWorker<Lanes8x2, TD>(this),
        (512, _) => new SimdTileWorker<Lanes8, TD>(this),
        (256, 2) => new SimdTileWorker<Lanes4x2, TD>(this),
        (256, _) => new SimdTileWorker<Lanes4, TD>(this),
        (_, 2) => new SimdTileWorker<Lanes2x2, TD>(this),
        _ => new SimdTileWorker<Lanes2, TD>(this),
    };

    /// <summary>Both Gram matrices in memory (symmetric when <paramref name="columns"/> is null).</summary>
    public static GramResult Compute(
        PreparedSet rows, PreparedSet? columns, GramOptions options, IProgress<GramProgress>? progress, CancellationToken ct)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var engine = new SimdGram(rows, columns, options.VectorBits);
        var sink = new KernelMatrixSink(engine.Rows, engine.Columns, engine.Symmetric);
        GramTileDriver.Run(engine, sink, options, progress, ct);
        return new GramResult(sink.Rntk, sink.Nngp, engine.Name, sw.Elapsed);
    }
}
