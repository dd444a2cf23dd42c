using System.Diagnostics;
using Rntk.Data;

namespace Rntk.Baselines;

/// <summary>
/// 1-nearest-neighbour classification with the Euclidean distance and with DTW, the archive's reference classifiers
/// (DataSummary_UCR2018.csv columns "ED (w=0)", "DTW (learned_w)", "DTW (w=100)").
/// </summary>
/// <remarks>
/// Exact and deterministic: pruning (early abandoning, lower bounds) only skips candidates that cannot be strictly
/// nearer than, or tie with a lower index than, the best so far, so the result is that of the brute-force search with
/// ties broken by the lowest training index, whatever the thread count. Test series run in parallel on all cores.
/// </remarks>
public static class OneNearestNeighbor
{
    /// <summary>1-NN with the Euclidean distance; series of different lengths are first made equal by <paramref name="policy"/>.</summary>
    public static NearestNeighborResult Euclidean(
        LabeledDataset train, LabeledDataset test, LengthPolicy policy = LengthPolicy.ZeroPad,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default, int? maxDegreeOfParallelism = null)
    {
        Check(train, test);
        var sw = Stopwatch.StartNew();
        int length = FixedLength.CommonLength(train.Sequences, test.Sequences);
        var tr = FixedLength.ToVectors(train.Sequences, length, policy);
        var te = FixedLength.ToVectors(test.Sequences, length, policy);
        var neighbors = new int[te.Length];
        var distances = new double[te.Length];
        Run(te.Length, progress, cancellationToken, maxDegreeOfParallelism, i =>
        {
            double best = double.PositiveInfinity;
            int arg = -1;
            for (int j = 0; j < tr.Length; j++)
            {
                double d = SquaredEuclidean(te[i], tr[j], best);
                if (d < best) { best = d; arg = j; }
            }
            neighbors[i] = arg;
            distances[i] = Math.Sqrt(best);
        });
        return Finish(train, test, neighbors, distances, sw.Elapsed);
    }

    /// <summary>
    /// 1-NN with DTW inside a Sakoe–Chiba band of radius <paramref name="window"/> (<see cref="Dtw.FullWindow"/>:
    /// unconstrained, the archive's "DTW (w=100)"). Distances returned are DTW values (sums of squared differences).
    /// </summary>
    public static NearestNeighborResult Dtw(
        LabeledDataset train, LabeledDataset test, int window = Baselines.Dtw.FullWindow,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default, int? maxDegreeOfParallelism = null)
    {
        Check(train, test);
        if (window < 0) throw new ArgumentOutOfRangeException(nameof(window), window, "The DTW window must be ≥ 0.");
        var sw = Stopwatch.StartNew();
        var tr = train.Sequences;
        var envelopes = tr.Select(s => window < s.Length ? Envelope.Of(s, window) : null).ToArray();
        int maxLen = tr.Max(s => s.Length);
        var neighbors = new int[test.Count];
        var distances = new double[test.Count];
        Run(test.Count, progress, cancellationToken, maxDegreeOfParallelism, i =>
        {
            var q = test.Sequences[i];
            var buffer = new double[2 * (maxLen + 1)];
            // Lower bounds (LB_Keogh inside a band, else LB_Kim) skip candidates; for equal lengths the squared
            // Euclidean distance (the diagonal path) bounds DTW from above, so its minimum is a first cutoff.
            var lb = new double[tr.Count];
            var key = new double[tr.Count];
            var order = new int[tr.Count];
            double best = double.PositiveInfinity;
            bool banded = false;
            for (int j = 0; j < tr.Count; j++)
            {
                order[j] = j;
                bool equal = tr[j].Length == q.Length;
                if (envelopes[j] is { } env && equal) { lb[j] = env.LowerBound(q); banded = true; }
                else lb[j] = LbKim(q, tr[j]);
                double ub = equal ? SquaredEuclidean(q.Values, tr[j].Values) : double.PositiveInfinity;
                if (ub < best) best = ub;
                key[j] = equal ? ub : lb[j];
            }
            // Visit likely neighbours first so that the cutoff tightens early: by LB_Keogh in a band (a tight bound),
            // else by Euclidean distance. The order changes the work, never the answer.
            Array.Sort(banded ? (double[])lb.Clone() : key, order);
            int arg = -1;
            foreach (int j in order)
            {
                if (lb[j] > best) { if (banded) break; continue; } // sorted by lb: no later candidate can win or tie
                double d = Baselines.Dtw.Distance(q, tr[j], window, best, buffer);
                // best may still be the Euclidean upper bound (arg = −1): the true minimum is ≤ it, so it is reached.
                if (d < best || (d == best && (arg < 0 || j < arg))) { best = d; arg = j; }
            }
            neighbors[i] = arg;
            distances[i] = best;
        });
        return Finish(train, test, neighbors, distances, sw.Elapsed);
    }

    /// <summary>Σ (a_k − b_k)², or a value above <paramref name="cutoff"/> as soon as the partial sum exceeds it.</summary>
    public static double SquaredEuclidean(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double cutoff = double.PositiveInfinity)
    {
        double s = 0;
        int k = 0;
        while (k < a.Length)
        {
            int end = Math.Min(a.Length, k + 32);
            for (; k < end; k++) { double d = a[k] - b[k]; s += d * d; }
            if (s > cutoff) return s;
        }
        return s;
    }

    /// <summary>Every warping path holds (0, 0) and (n−1, m−1): their costs bound DTW from below.</summary>
    private static double LbKim(Sequence a, Sequence b)
    {
        double first = StepCost(a, 0, b, 0);
        return a.Length == 1 && b.Length == 1 ? first : first + StepCost(a, a.Length - 1, b, b.Length - 1);
    }

    private static double StepCost(Sequence a, int i, Sequence b, int j)
    {
        double s = 0;
        for (int c = 0; c < a.Channels; c++) { double d = a[i, c] - b[j, c]; s += d * d; }
        return s;
    }

    private static void Check(LabeledDataset train, LabeledDataset test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        int m = SequenceSet.ValidateChannels(train.Sequences, "train");
        SequenceSet.ValidateChannels(test.Sequences, "test", m);
        if (train.ClassCount != test.ClassCount || !train.ClassNames.SequenceEqual(test.ClassNames))
            throw new ArgumentException("Train and test splits use different class mappings; load them together (UcrArchive.Load).");
    }

    private static void Run(int count, IProgress<double>? progress, CancellationToken ct, int? threads, Action<int> body)
    {
        int done = 0;
        var po = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = threads ?? -1 };
        Parallel.For(0, count, po, i =>
        {
            body(i);
            int d = Interlocked.Increment(ref done);
            progress?.Report((double)d / count);
        });
    }

    private static NearestNeighborResult Finish(LabeledDataset train, LabeledDataset test, int[] neighbors, double[] distances, TimeSpan elapsed)
    {
        var pred = neighbors.Select(j => train.Labels[j]).ToArray();
        int errors = pred.Where((p, i) => p != test.Labels[i]).Count();
        return new NearestNeighborResult(pred, neighbors, distances, errors, elapsed);
    }
}
