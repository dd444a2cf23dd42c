using System.Runtime.Intrinsics;
using Rntk.Gram.Simd;
using Rntk.Kernels;

namespace Rntk.Gram;

/// <summary>
/// The fast CPU Gram engine: many pairs advance together in SIMD lanes (AVX-512, AVX2 or 128-bit vectors),
/// with vectorised arccos/arcsin (<c>SimdMath</c>), per-sequence dual coefficients that remove every division and
/// per-pair square root of a product, 64 × 64 tiles on all cores, and sequences of any lengths (lanes sorted by
/// length inside a tile, end-aligned, masked where a lane's chain has not begun). Both kernels in one pass.
/// </summary>
/// <remarks>
/// Supports ReLU and erf (the closed-form duals), any number of layers, last-step and average-pooling readouts,
/// forward and bidirectional, independent and shared h0. Other activations (quadrature) go to the reference engine
/// (<see cref="Supports"/>). Entries agree with <see cref="PairRecursion"/> to about 1e-15 relative (tests: 1e-12);
/// the diagonal of a symmetric Gram (a sequence with itself) is computed by the reference recursion itself.
/// Every entry is computed by a fixed sequence of operations, so results are bit-identical whatever the thread
/// count, the tile it falls in, or the vector width.
/// </remarks>
public sealed class SimdGram : IGramTileEngine
{
    private readonly int _bits;

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
    public string Name => $"cpu-simd-{_bits}";

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
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (columns is not null && columns.Config != rows.Config)
            throw new ArgumentException("The row and column sets were prepared with different kernel configurations.");
        if (columns is not null && columns.Channels != rows.Channels)
            throw new ArgumentException($"Channel mismatch: rows have {rows.Channels} channels, columns {columns.Channels}.");
        if (!Supports(rows.Config, out var why)) throw new NotSupportedException($"Cannot use the SIMD engine: {why}.");
        _bits = vectorBits ?? BestVectorBits;
        if (_bits is not (128 or 256 or 512 or 1024))
            throw new ArgumentException($"The vector width must be 128, 256 or 512 bits (got {_bits}).", nameof(vectorBits));
        RowSet = rows;
        ColumnSet = columns ?? rows;
        Symmetric = columns is null;
        Params = new ChainParams(rows.Config, rows.Channels);
        bool bi = rows.Config.Direction == Direction.Bidirectional;
        bool relu = rows.Config.Activation is ReluActivation;
        SimdSeries Build(PreparedSet s, bool rev) =>
            relu ? SimdSeries.Build<ReluDual>(s, rev) : SimdSeries.Build<ErfDual>(s, rev);
        RowSeries = bi ? [Build(RowSet, false), Build(RowSet, true)] : [Build(RowSet, false)];
        ColumnSeries = Symmetric ? RowSeries : bi ? [Build(ColumnSet, false), Build(ColumnSet, true)] : [Build(ColumnSet, false)];
    }

    public IGramTileWorker CreateWorker()
    {
        bool relu = Config.Activation is ReluActivation;
        return (_bits, relu) switch
        {
            (1024, true) => new SimdTileWorker<Lanes8x2, ReluDual>(this),
            (1024, false) => new SimdTileWorker<Lanes8x2, ErfDual>(this),
            (512, true) => new SimdTileWorker<Lanes8, ReluDual>(this),
            (512, false) => new SimdTileWorker<Lanes8, ErfDual>(this),
            (256, true) => new SimdTileWorker<Lanes4, ReluDual>(this),
            (256, false) => new SimdTileWorker<Lanes4, ErfDual>(this),
            (_, true) => new SimdTileWorker<Lanes2, ReluDual>(this),
            (_, false) => new SimdTileWorker<Lanes2, ErfDual>(this),
        };
    }

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
