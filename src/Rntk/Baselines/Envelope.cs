using Rntk.Data;

namespace Rntk.Baselines;

/// <summary>
/// The LB_Keogh envelope of a sequence for a band radius r: per step and channel the min and max over steps
/// [t − r, t + r]. LowerBound(q) ≤ DTW_r(q, s) for q of the same length (Keogh &amp; Ratanamahatana 2005).
/// </summary>
internal sealed class Envelope
{
    private readonly double[] _lower, _upper;
    private readonly int _channels;

    private Envelope(double[] lower, double[] upper, int channels) { _lower = lower; _upper = upper; _channels = channels; }

    public static Envelope Of(Sequence s, int r)
    {
        int T = s.Length, m = s.Channels;
        var lo = new double[T * m];
        var hi = new double[T * m];
        var v = s.Values;
        // O(T·r) per series, done once per training series: cheaper than one row of DTWs, so no deque needed.
        for (int t = 0; t < T; t++)
        {
            int a = Math.Max(0, t - r), b = Math.Min(T - 1, t + r);
            for (int c = 0; c < m; c++)
            {
                double mn = double.PositiveInfinity, mx = double.NegativeInfinity;
                for (int u = a; u <= b; u++) { double x = v[u * m + c]; if (x < mn) mn = x; if (x > mx) mx = x; }
                lo[t * m + c] = mn;
                hi[t * m + c] = mx;
            }
        }
        return new Envelope(lo, hi, m);
    }

    public double LowerBound(Sequence q)
    {
        var v = q.Values;
        if (v.Length != _lower.Length || q.Channels != _channels) throw new ArgumentException("LB_Keogh needs sequences of equal length and channels.");
        double s = 0;
        for (int k = 0; k < v.Length; k++)
        {
            double x = v[k];
            if (x > _upper[k]) { double d = x - _upper[k]; s += d * d; }
            else if (x < _lower[k]) { double d = _lower[k] - x; s += d * d; }
        }
        return s;
    }
}
