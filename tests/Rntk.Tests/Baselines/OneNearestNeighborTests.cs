using Rntk.Baselines;
using Rntk.Data;

namespace Rntk.Tests.Baselines;

public class OneNearestNeighborTests
{
    private static (LabeledDataset Train, LabeledDataset Test) Random(int seed, int minT, int maxT, bool duplicates)
    {
        var train = TestData.RandomSet(40, minT, maxT, 1, seed);
        var test = TestData.RandomSet(25, minT, maxT, 1, seed + 100);
        if (duplicates)
        {
            // Exact ties: training series 30..39 repeat 0..9, and some test series equal training series.
            for (int i = 30; i < 40; i++) train[i] = train[i - 30];
            for (int i = 0; i < 5; i++) test[i] = train[3 * i];
        }
        var rng = new Random(seed);
        var trl = train.Select(_ => rng.Next(3)).ToArray();
        if (duplicates) for (int i = 30; i < 40; i++) trl[i] = (trl[i - 30] + 1) % 3; // a tie must pick the lower index
        var tel = test.Select(_ => rng.Next(3)).ToArray();
        string[] names = ["a", "b", "c"];
        return (new LabeledDataset("r", train, trl, names), new LabeledDataset("r", test, tel, names));
    }

    private static (int Index, double Distance) BruteForce(Sequence q, IReadOnlyList<Sequence> train, Func<Sequence, Sequence, double> dist)
    {
        int arg = -1;
        double best = double.PositiveInfinity;
        for (int j = 0; j < train.Count; j++)
        {
            double d = dist(q, train[j]);
            if (d < best) { best = d; arg = j; }
        }
        return (arg, best);
    }

    [Theory]
    [InlineData(1, 30, 30, false, Dtw.FullWindow)]
    [InlineData(2, 30, 30, true, Dtw.FullWindow)]
    [InlineData(3, 30, 30, true, 3)]
    [InlineData(4, 10, 30, true, Dtw.FullWindow)]
    [InlineData(5, 10, 30, false, 5)]
    public void Pruned_parallel_DTW_search_equals_brute_force_with_lowest_index_ties(int seed, int minT, int maxT, bool dup, int window)
    {
        var (train, test) = Random(seed, minT, maxT, dup);
        var r = OneNearestNeighbor.Dtw(train, test, window);
        var r1 = OneNearestNeighbor.Dtw(train, test, window, maxDegreeOfParallelism: 1);
        for (int i = 0; i < test.Count; i++)
        {
            var (j, d) = BruteForce(test.Sequences[i], train.Sequences, (a, b) => DtwTests.Naive(a, b, window == Dtw.FullWindow ? int.MaxValue / 2 : window));
            Assert.Equal(j, r.Neighbors[i]);
            Assert.Equal(d, r.Distances[i], 10);
            Assert.Equal(train.Labels[j], r.Predictions[i]);
        }
        Assert.Equal(r.Neighbors, r1.Neighbors);
        Assert.Equal(r.Distances, r1.Distances);
        Assert.Equal(r.Predictions.Where((p, i) => p != test.Labels[i]).Count(), r.Errors);
        if (dup) Assert.Equal(0, r.Distances[0]);
    }

    [Fact]
    public void Euclidean_search_equals_brute_force_with_lowest_index_ties()
    {
        var (train, test) = Random(9, 25, 25, true);
        var r = OneNearestNeighbor.Euclidean(train, test);
        for (int i = 0; i < test.Count; i++)
        {
            var (j, d) = BruteForce(test.Sequences[i], train.Sequences, (a, b) => OneNearestNeighbor.SquaredEuclidean(a.Values, b.Values));
            Assert.Equal(j, r.Neighbors[i]);
            Assert.Equal(Math.Sqrt(d), r.Distances[i], 12);
        }
    }
}
