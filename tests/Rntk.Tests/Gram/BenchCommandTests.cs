using System.Text.Json;
using Rntk.Cli;

namespace Rntk.Tests.Gram;

/// <summary>`rntk bench` runs end to end on a small slice (a smoke test of the harness, not a timing test).</summary>
public class BenchCommandTests
{
    [Fact]
    public void RunsBothEnginesAndReportsTheirAgreement()
    {
        string ucr = TestPaths.RequireUcr();
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CommandLine.Run(
            ["bench", "--cases", "GunPoint", "--layers", "1,2", "--limit", "24", "--skip-peer", "--no-probe", "--no-ablation", "--json", "--data-dir", ucr],
            o, e);
        Assert.True(code == 0, e.ToString());
        var lines = o.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var runs = lines.Where(l => l.GetProperty("kind").GetString() == "run").ToList();
        Assert.Equal(4, runs.Count); // reference and SIMD, for L = 1 and 2
        Assert.Contains(runs, r => r.GetProperty("engine").GetString()!.StartsWith("cpu-simd"));
        Assert.All(runs, r => Assert.True(r.GetProperty("layer_pair_steps_per_s").GetDouble() > 0));
        var agreement = lines.Where(l => l.GetProperty("kind").GetString() == "agreement").ToList();
        Assert.Equal(2, agreement.Count);
        Assert.All(agreement, a => Assert.InRange(a.GetProperty("simd_vs_reference_max_rel").GetDouble(), 0, 1e-12));
    }

    [Fact]
    public void MissingPeerOrDataIsAOneLineError()
    {
        var o = new StringWriter();
        var e = new StringWriter();
        Assert.Equal(2, CommandLine.Run(["bench", "--data-dir", "/nonexistent-rntk-data"], o, e));
        Assert.Contains("--data-dir", e.ToString());
        e.GetStringBuilder().Clear();
        Assert.Equal(2, CommandLine.Run(["bench", "--data-dir", TestPaths.RequireUcr(), "--peer", "/nonexistent/peer.py"], o, e));
        Assert.Contains("--peer", e.ToString());
        e.GetStringBuilder().Clear();
        Assert.Equal(2, CommandLine.Run(["bench", "--layers", "0"], o, e));
        Assert.Contains("--layers", e.ToString());
    }
}
