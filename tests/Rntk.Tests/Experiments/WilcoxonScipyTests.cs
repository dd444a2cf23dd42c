using System.Globalization;
using Rntk.Experiments;

namespace Rntk.Tests.Experiments;

/// <summary>
/// Our Wilcoxon signed-rank p-values (the tables' "p" columns) against SciPy (Debian's python3-scipy) on random paired
/// samples shaped like accuracy differences: continuous ones, and ones on a grid of 1/n_test with ties and zeros. For
/// each case SciPy computes the method ours chose: <c>wilcoxon(mode='exact')</c>, <c>wilcoxon(mode='approx')</c>, or
/// <c>permutation_test</c> over all sign flips of W+ (what recent SciPy releases' 'auto' runs for n ≤ 13 with ties or
/// zeros; Debian's SciPy 1.10 has the building blocks but not that choice, hence the method is passed explicitly). The
/// normal approximation is called 'approx' there and 'asymptotic' in newer releases: both are tried.
/// </summary>
public class WilcoxonScipyTests
{
    private const string Oracle = """
import sys, json, numpy as np
from scipy import stats
def w_plus(d, axis=-1):
    d = np.atleast_2d(d)
    out = []
    for row in d:
        nz = row[row != 0]
        r = stats.rankdata(np.abs(nz))
        out.append(np.sum(r[nz > 0]))
    return np.array(out)
for line in sys.stdin:
    case = json.loads(line)
    d = np.array(case["d"], dtype=float)
    m = case["method"]
    if m == "exact":
        p = stats.wilcoxon(d, zero_method="wilcox", correction=False, method="exact").pvalue
    elif m == "normal":
        try:
            p = stats.wilcoxon(d, zero_method="wilcox", correction=False, method="asymptotic").pvalue
        except ValueError:
            p = stats.wilcoxon(d, zero_method="wilcox", correction=False, method="approx").pvalue
    else:
        p = stats.permutation_test((d,), w_plus, permutation_type="samples", n_resamples=np.inf,
                                   alternative="two-sided", vectorized=True).pvalue
    print(repr(float(p)))
""";

    private static bool PythonHasScipy() =>
        File.Exists("/usr/bin/python3") && ExternalTool.Run("/usr/bin/python3", ["-c", "import scipy.stats"]).Code == 0;

    [SkippableFact]
    public void PValuesMatchScipyOnRandomSamples()
    {
        ExternalTool.Require(PythonHasScipy(), "python3 with scipy (Debian python3-scipy)");
        var rng = new Random(2026);
        var cases = new List<double[]>();
        // Continuous differences, no ties or zeros: exact for n ≤ 50, normal above.
        foreach (int n in new[] { 1, 2, 5, 9, 14, 25, 37, 50, 51, 80, 120 })
            for (int rep = 0; rep < 3; rep++)
                cases.Add(Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.4).ToArray());
        // Accuracy-like differences on a grid of 1/40 with ties and zeros: permutation for n ≤ 13, normal above.
        foreach (int n in new[] { 2, 4, 7, 10, 13, 14, 20, 33, 50, 81 })
            for (int rep = 0; rep < 3; rep++)
                cases.Add(Enumerable.Range(0, n).Select(_ => rng.Next(-4, 7) / 40.0).ToArray());
        cases.RemoveAll(d => d.All(v => v == 0));   // no p-value without a non-zero difference

        var ours = cases.Select(d => WilcoxonSignedRank.Test(d)).ToList();
        Assert.Contains(ours, r => r.Method == "exact");
        Assert.Contains(ours, r => r.Method == "normal");
        Assert.Contains(ours, r => r.Method == "permutation");
        string input = string.Join("\n", cases.Select((d, i) =>
            $"{{\"method\": \"{ours[i].Method}\", \"d\": [{string.Join(", ", d.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]}}")) + "\n";
        var (code, o, e) = ExternalTool.Run("/usr/bin/python3", ["-W", "ignore", "-c", Oracle], input);
        Assert.True(code == 0, e);
        var scipy = o.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(cases.Count, scipy.Length);
        for (int i = 0; i < cases.Count; i++)
            TestData.AssertRelative(scipy[i], ours[i].PValue, 1e-9, $"case {i} (n = {cases[i].Length}, {ours[i].Method})");
    }
}
