namespace Rntk.Gram;

/// <summary>
/// A rectangular block of a Gram matrix: rows [RowStart, RowStart + RowCount) × columns
/// [ColumnStart, ColumnStart + ColumnCount), in the indices of the <see cref="PreparedSet"/>s (rows, columns).
/// The unit of work every engine (reference, SIMD, GPU) produces and every <see cref="IGramTileSink"/> consumes.
/// </summary>
public readonly record struct GramTile(int RowStart, int RowCount, int ColumnStart, int ColumnCount)
{
    public int RowEnd => RowStart + RowCount;
    public int ColumnEnd => ColumnStart + ColumnCount;
    public long Entries => (long)RowCount * ColumnCount;

    /// <summary>
    /// In a symmetric Gram, a tile on the diagonal (same row and column range) holds each unordered pair twice
    /// and the diagonal entries (a sequence with itself, computed by the reference recursion).
    /// </summary>
    public bool IsDiagonal(bool symmetric) => symmetric && RowStart == ColumnStart;

    /// <summary>The number of distinct pairs the tile covers (for progress): half of a diagonal tile.</summary>
    public long Pairs(bool symmetric) => IsDiagonal(symmetric) ? (long)RowCount * (RowCount + 1) / 2 : Entries;
}

/// <summary>How a Gram matrix is cut into tiles.</summary>
public static class GramTiling
{
    /// <summary>
    /// Tiles of 64 × 64: big enough to amortise laying out a tile's column sequences for the vector lanes, small
    /// enough that one column block stays in L2 and that 2–16 cores get balanced work for N ≥ a few hundred.
    /// Never derived from the core count: the tiling (hence every bit of the result) is the same on any machine.
    /// </summary>
    public const int DefaultTileSize = 64;

    /// <summary>
    /// The largest tile edge accepted: every worker thread holds two tiles (RNTK and NNGP), 2 × 8 × 4096² bytes =
    /// 256 MiB each; beyond it a tile buys nothing and a typo (--tile 50000) would ask for gigabytes.
    /// </summary>
    public const int MaxTileSize = 4096;

    /// <summary>The smallest tile <see cref="SizeFor"/> picks: one lane block of the widest SIMD engine (8 lanes × 2).</summary>
    public const int MinimumAutoTileSize = 16;

    /// <summary>Fewer tiles than this leave cores idle; <see cref="SizeFor"/> halves the tile until there are as many.</summary>
    public const int MinimumAutoTiles = 16;

    /// <summary>
    /// The tile edge used when none is asked: <see cref="DefaultTileSize"/>, halved (down to
    /// <see cref="MinimumAutoTileSize"/>) while the Gram has fewer than <see cref="MinimumAutoTiles"/> tiles. A Gram
    /// of 20 training series is one 64-tile, so one core would compute it while the rest wait: with average pooling or
    /// long series that is seconds per Gram (BeetleFly, 40 series of 512 steps, average pooling, 2 cores: 1.36 s at 64,
    /// 0.82 s at 16). Derived from the shape only, never from the core count, so the tiling is the same on any machine.
    /// </summary>
    public static int SizeFor(int rows, int columns, bool symmetric)
    {
        int size = DefaultTileSize;
        while (size > MinimumAutoTileSize && TileCount(rows, columns, symmetric, size) < MinimumAutoTiles) size /= 2;
        return size;
    }

    private static long TileCount(int rows, int columns, bool symmetric, int size)
    {
        long r = (rows + size - 1) / size, c = (columns + size - 1) / size;
        return symmetric ? r * (r + 1) / 2 : r * c;
    }

    /// <summary>
    /// The tiles of a rows × columns Gram. For a symmetric Gram (rows = columns, the same set) only tiles on or
    /// above the diagonal, each square range paired with itself or a later one; sinks store the transposes.
    /// Ordered by decreasing cost, so a parallel loop finishes with small tiles.
    /// </summary>
    public static GramTile[] Plan(int rows, int columns, bool symmetric, int tileSize = DefaultTileSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (tileSize < 1) throw new ArgumentOutOfRangeException(nameof(tileSize), tileSize, "The tile size must be at least 1.");
        if (symmetric && rows != columns) throw new ArgumentException($"A symmetric Gram is square (got {rows} × {columns}).");
        var tiles = new List<GramTile>();
        for (int r = 0; r < rows; r += tileSize)
        {
            int nr = Math.Min(tileSize, rows - r);
            for (int c = symmetric ? r : 0; c < columns; c += tileSize)
                tiles.Add(new GramTile(r, nr, c, Math.Min(tileSize, columns - c)));
        }
        // Stable: equal-cost tiles keep their row-major order.
        return [.. tiles.OrderByDescending(t => t.Pairs(symmetric))];
    }
}
