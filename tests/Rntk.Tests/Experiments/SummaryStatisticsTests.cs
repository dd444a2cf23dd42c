using Rntk.Experiments;

namespace Rntk.Tests.Experiments;

/// <summary>Ranks, wins/ties/losses, P90/P95 and the Wilcoxon signed-rank test against values computed by hand.</summary>
public class SummaryStatisticsTests
{
    private static ResultRow R(string d, string m, double acc) => new(d, m, "quick", "o", "", double.NaN, acc, 0, 10, 10, 2, 1);

    /// <summary>
    /// Three datasets × three methods, by hand:
    ///   d1: a 0.90, b 0.80, c 0.90 → ranks a 1.5, b 3, c 1.5; best 0.90: P90 ≥ 0.81 → a, c; P95 ≥ 0.855 → a, c
    ///   d2: a 0.50, b 0.60, c 0.55 → ranks a 3, b 1, c 2; best 0.60: P90 ≥ 0.54 → b, c; P95 ≥ 0.57 → b
    ///   d3: a 0.70, b 0.70, c 0.70 → all 2; all within both.
    /// </summary>
    private static readonly ResultRow[] Table =
    [
        R("d1", "a", 0.9), R("d1", "b", 0.8), R("d1", "c", 0.9),
        R("d2", "a", 0.5), R("d2", "b", 0.6), R("d2", "c", 0.55),
        R("d3", "a", 0.7), R("d3", "b", 0.7), R("d3", "c", 0.7),
        R("d4", "a", 0.1), // only one method: left out
    ];

    [Fact]
    public void RanksWinsAndShareWithinTheBestMatchHandValues()
    {
        var s = ResultSummary.Compute(Table, ["a", "b", "c"]);
        Assert.Equal(["d1", "d2", "d3"], s.Datasets);
        Assert.Equal(["d4"], s.Incomplete);
        Assert.Equal([(0.9 + 0.5 + 0.7) / 3, (0.8 + 0.6 + 0.7) / 3, (0.9 + 0.55 + 0.7) / 3], s.MeanAccuracy);
        Assert.Equal([(1.5 + 3 + 2) / 3, (3 + 1 + 2) / 3.0, (1.5 + 2 + 2) / 3], s.MeanRank);
        Assert.Equal([2 / 3.0, 2 / 3.0, 1.0], s.P90);
        Assert.Equal([2 / 3.0, 2 / 3.0, 2 / 3.0], s.P95);
        Assert.Equal((1, 1, 1), s.WinsTiesLosses("a", "b"));
        Assert.Equal((0, 2, 1), s.WinsTiesLosses("a", "c"));
        Assert.Equal((1, 1, 1), s.WinsTiesLosses("c", "b"));
        Assert.Equal([1, 2.5, 2.5, 4], ResultSummary.RanksDescending([0.9, 0.5, 0.5, 0.1]));
        Assert.Throws<ArgumentException>(() => s.WinsTiesLosses("a", "zzz"));
    }

    [Fact]
    public void FramesHoldTheSameNumbers()
    {
        var tidy = ResultFrames.Tidy(Table);
        Assert.Equal(10, tidy.RowCount);
        Assert.Equal(ResultsCsv.Header, tidy.ColumnKeys.ToArray());
        var s = ResultSummary.Compute(Table, ["a", "b", "c"]);
        var acc = ResultFrames.Accuracy(s);
        Assert.Equal(0.55, acc.GetColumn<double>("c").Get("d2"));
        var summary = ResultFrames.Summary(s, "a");
        Assert.Equal(s.MeanRank[1], summary.GetColumn<double>("mean_rank").Get("b"));
        Assert.Equal(1.0, summary.GetColumn<double>("a_wins").Get("b"));
        Assert.Equal(2.0, summary.GetColumn<double>("a_ties").Get("c"));
    }

    /// <summary>SciPy's documentation example (Fisher's paired differences): statistic 24, exact p = 0.041259765625.</summary>
    [Fact]
    public void WilcoxonExactMatchesScipyDocumentation()
    {
        double[] d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];
        var r = WilcoxonSignedRank.Test(d);
        Assert.Equal("exact", r.Method);
        Assert.Equal(24, r.Statistic);
        Assert.Equal(96, r.WPlus);
        Assert.Equal(0.041259765625, r.PValue, 15);
        // Paired form and symmetry: swapping x and y gives the same two-sided p.
        var x = d.Select(v => v + 100).ToArray();
        var y = d.Select(_ => 100.0).ToArray();
        Assert.Equal(r.PValue, WilcoxonSignedRank.Test(x, y).PValue, 15);
        Assert.Equal(r.PValue, WilcoxonSignedRank.Test(y, x).PValue, 15);
    }

    /// <summary>
    /// n = 20 with two zero differences and tie groups: SciPy's 'auto' uses the normal approximation. By hand: the zeros
    /// are dropped (n' = 18), W+ = 148.5, W− = 22.5, σ² = (18·19·37 − Σ(t³−t)/2)/24, z = 2.7531531002317737,
    /// p = erfc(|z|/√2) = 0.0059024286429733615.
    /// </summary>
    [Fact]
    public void WilcoxonNormalApproximationWithTiesAndZeros()
    {
        double[] d = [0.05, -0.02, 0.03, 0.0, 0.05, 0.01, -0.01, 0.04, 0.02, 0.03, 0.0, 0.06, -0.03, 0.05, 0.02, 0.01, 0.07, -0.02, 0.03, 0.04];
        var r = WilcoxonSignedRank.Test(d);
        Assert.Equal("normal", r.Method);
        Assert.Equal(18, r.NonZero);
        Assert.Equal(22.5, r.Statistic);
        Assert.Equal(148.5, r.WPlus);
        TestData.AssertRelative(0.0059024286429733615, r.PValue, 1e-9, "p");
    }

    /// <summary>
    /// n = 9 ≤ 13 with a zero and ties: SciPy's exact sign-flip permutation test. By enumeration of the 2⁹ flips:
    /// W+ = 29.5, P(W ≤ 29.5) = 490/512, P(W ≥ 29.5) = 34/512, p = 2·34/512 = 0.1328125.
    /// </summary>
    [Fact]
    public void WilcoxonSmallSampleWithTiesUsesThePermutationTest()
    {
        var r = WilcoxonSignedRank.Test([1, 2, 2, -3, 0, 4, 4, 5, -1]);
        Assert.Equal("permutation", r.Method);
        Assert.Equal(29.5, r.WPlus);
        Assert.Equal(0.1328125, r.PValue, 15);
    }

    [Fact]
    public void WilcoxonEdgeCases()
    {
        Assert.True(double.IsNaN(WilcoxonSignedRank.Test([0, 0, 0]).PValue)); // nothing left after dropping zeros (SciPy: NaN)
        Assert.Equal(1.0, WilcoxonSignedRank.Test([1, -1]).PValue);        // tie |1| = |−1|: permutation, p = 1
        Assert.Throws<ArgumentException>(() => WilcoxonSignedRank.Test([1.0], [1.0, 2.0]));
        Assert.Throws<ArgumentException>(() => WilcoxonSignedRank.Test(Array.Empty<double>()));
    }

    [Fact]
    public void PaperGridIsTheDocumentedOne()
    {
        var g = ExperimentGrid.Paper;
        Assert.Equal(54, g.Recurrent.Count);
        Assert.All(g.Recurrent, c => Assert.Equal(Math.Sqrt(2), c.SigmaW));
        Assert.Equal([0.1, 0.5, 1.0], g.Recurrent.Select(c => c.SigmaU).Distinct().Order());
        Assert.Equal([0.0, 0.2, 0.5], g.Recurrent.Select(c => c.SigmaB).Distinct().Order());
        Assert.Equal([0.0, 0.5, 1.0], g.Recurrent.Select(c => c.SigmaH).Distinct().Order());
        Assert.Equal([1, 2], g.Recurrent.Select(c => c.Layers).Distinct().Order());
        Assert.Equal([1e-2, 1, 1e2, 1e4, 1e6], g.C);
        Assert.Equal(54, g.Recurrent.Distinct().Count());
        Assert.Same(ExperimentGrid.Quick, ExperimentGrid.Named("QUICK"));
        Assert.Throws<ArgumentException>(() => ExperimentGrid.Named("huge"));
    }
}
