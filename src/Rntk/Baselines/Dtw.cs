using Rntk.Data;

namespace Rntk.Baselines;

/// <summary>
/// Dynamic time warping with the squared Euclidean cost of the UCR archive and suite: DTW(a, b) is the least sum of
/// ‖a_i − b_j‖² over warping paths from (0, 0) to (n−1, m−1), optionally inside a Sakoe–Chiba band |i − j| ≤ r.
/// </summary>
/// <remarks>
/// O(n·(2r+1)) time and O(m) memory (two rolling rows). The square root is not taken: it does not change which
/// neighbour is nearest. Multivariate steps use the squared distance between the step vectors (dependent DTW).
/// For series of different lengths the band is widened to at least |n − m| so that a path always exists.
/// </remarks>
public static class Dtw
{
    /// <summary>The full window (no band).</summary>
    public const int FullWindow = int.MaxValue;

    /// <summary>
    /// The band radius r for a window given as a percentage of the series length, as the archive reports it
    /// (the number in brackets of DataSummary's "DTW (learned_w)"); 100 % or more is the full window.
    /// </summary>
    public static int WindowFromPercent(double percent, int length, WindowRounding rounding = WindowRounding.Ceiling)
    {
        if (!(percent >= 0)) throw new ArgumentOutOfRangeException(nameof(percent), percent, "The window percentage must be ≥ 0.");
        if (percent >= 100) return FullWindow;
        double r = percent / 100.0 * length;
        return rounding switch
        {
            WindowRounding.Floor => (int)Math.Floor(r + 1e-9),
            WindowRounding.Round => (int)Math.Round(r, MidpointRounding.AwayFromZero),
            _ => (int)Math.Ceiling(r - 1e-9),
        };
    }

    /// <summary>DTW(a, b) inside band radius <paramref name="window"/>.</summary>
    public static double Distance(Sequence a, Sequence b, int window = FullWindow) =>
        Distance(a, b, window, double.PositiveInfinity, new double[2 * (b.Length + 1)]);

    /// <summary>
    /// DTW(a, b), or +∞ as soon as it is certain to exceed <paramref name="cutoff"/> (every cell of a row is above it:
    /// costs only grow along a path). A result equal to the cutoff is still returned exactly, so ties survive.
    /// <paramref name="buffer"/> is scratch of at least 2·(b.Length + 1) doubles, reused across calls.
    /// </summary>
    public static double Distance(Sequence a, Sequence b, int window, double cutoff, double[] buffer)
    {
        if (a.Channels != b.Channels) throw new ArgumentException($"DTW of a {a.Channels}-channel and a {b.Channels}-channel sequence.");
        if (window < 0) throw new ArgumentOutOfRangeException(nameof(window), window, "The band radius must be ≥ 0.");
        int n = a.Length, m = b.Length, ch = a.Channels;
        int r = Math.Max(window, Math.Abs(n - m));
        var av = a.Values;
        var bv = b.Values;
        var prev = buffer.AsSpan(0, m + 1);
        var cur = buffer.AsSpan(m + 1, m + 1);
        // prev[j + 1] = D(i − 1, j); index 0 is the column "before" j = 0, +∞ except for the start.
        prev.Fill(double.PositiveInfinity);
        prev[0] = 0;
        for (int i = 0; i < n; i++)
        {
            int lo = Math.Max(0, i - r), hi = (int)Math.Min(m - 1L, (long)i + r);
            double rowMin = double.PositiveInfinity;
            double left = double.PositiveInfinity; // D(i, j − 1)
            for (int j = lo; j <= hi; j++)
            {
                double cost;
                if (ch == 1) { double d = av[i] - bv[j]; cost = d * d; }
                else
                {
                    cost = 0;
                    for (int c = 0; c < ch; c++) { double d = av[i * ch + c] - bv[j * ch + c]; cost += d * d; }
                }
                double best = prev[j]; // D(i − 1, j − 1)
                double up = prev[j + 1]; // D(i − 1, j)
                if (up < best) best = up;
                if (left < best) best = left;
                double v = cost + best;
                cur[j + 1] = v;
                left = v;
                if (v < rowMin) rowMin = v;
            }
            if (rowMin > cutoff) return double.PositiveInfinity;
            // The next row reads one cell beyond this row's band; it must be +∞, not a value left from earlier work.
            if (hi + 2 <= m) cur[hi + 2] = double.PositiveInfinity;
            var t = prev; prev = cur; cur = t;
            prev[0] = double.PositiveInfinity; // only D(−1, −1) = 0 starts a path
        }
        return prev[m];
    }
}

/// <summary>How a window percentage becomes a whole band radius.</summary>
public enum WindowRounding { Ceiling, Floor, Round }
