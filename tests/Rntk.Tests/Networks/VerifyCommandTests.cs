using System.Text.Json;
using Rntk.Cli;

namespace Rntk.Tests.Networks;

/// <summary>`rntk verify` end to end, on tiny sizes (the numbers are checked by the Monte Carlo tests).</summary>
public class VerifyCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CommandLine.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void JsonGivesErrorsPerWidthAndSlopes()
    {
        var (code, output, err) = Run("verify", "--widths", "16,32,64", "--networks", "3", "--random", "3,4", "--sigma-h", "0.5", "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var r = doc.RootElement;
        Assert.Equal([16, 32, 64], r.GetProperty("widths").EnumerateArray().Select(v => v.GetInt32()));
        foreach (var key in new[] { "rntk_error", "nngp_error", "rntk_error_sd", "nngp_error_sd", "rntk_mean_gram_error", "nngp_mean_gram_error" })
        {
            var v = r.GetProperty(key).EnumerateArray().Select(x => x.GetDouble()).ToArray();
            Assert.Equal(3, v.Length);
            Assert.All(v, x => Assert.True(double.IsFinite(x) && x > 0, $"{key}: {x}"));
        }
        Assert.True(double.IsFinite(r.GetProperty("slope_rntk").GetDouble()));
        Assert.True(double.IsFinite(r.GetProperty("slope_nngp").GetDouble()));
        Assert.Equal(3, r.GetProperty("networks").GetInt32());
        Assert.Equal(3, r.GetProperty("sequences").GetInt32());
    }

    [Fact]
    public void ResultsDependOnTheSeedOnlyNotOnTheThreadCount()
    {
        string[] common = ["verify", "--widths", "8,24", "--networks", "3", "--random", "4,3,2", "--activation", "erf", "--layers", "2", "--json"];
        static string Numbers(string json)
        {
            using var d = JsonDocument.Parse(json);
            return d.RootElement.GetProperty("rntk_error").GetRawText() + d.RootElement.GetProperty("nngp_error").GetRawText();
        }
        var one = Run([.. common, "--threads", "1"]);
        var three = Run([.. common, "--threads", "3"]);
        var otherSeed = Run([.. common, "--seed", "2"]);
        Assert.Equal(0, one.Code);
        Assert.Equal(Numbers(one.Out), Numbers(three.Out));
        Assert.NotEqual(Numbers(one.Out), Numbers(otherSeed.Out));
    }

    [Fact]
    public void TextOutputAndTsvInput()
    {
        var dir = Directory.CreateTempSubdirectory("rntk-verify-");
        try
        {
            var path = Path.Combine(dir.FullName, "toy_TRAIN.tsv");
            File.WriteAllLines(path, ["1\t0.5\t-1\t0.25", "2\t1\t0.3\t-0.7\t0.2", "1\t0.1\t0.2\tNaN", "2\t-0.4\t0.9\t0.3"]);
            var (code, output, err) = Run("verify", "--sequences", path, "--limit", "3", "--widths", "16,32", "--networks", "2", "--readout", "average");
            Assert.True(code == 0, err);
            Assert.Contains("3 sequences of toy_TRAIN.tsv", output);
            Assert.Contains("slope", output);
            Assert.Contains("AveragePooling", output);
            // configuration, source, two header lines, one line per width, slope, timing
            Assert.Equal(8, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Theory]
    [InlineData("--widths", "0,16", "--widths")]
    [InlineData("--widths", "16,16", "distinct")]
    [InlineData("--networks", "0", "--networks")]
    [InlineData("--random", "3", "--random")]
    [InlineData("--random", "3,x", "--random")]
    [InlineData("--threads", "0", "--threads")]
    [InlineData("--limit", "2", "--limit applies to --sequences")]
    [InlineData("--bogus", "1", "Unknown option --bogus")]
    [InlineData("--sequences", "/nonexistent/x.tsv", "No such file")]
    public void BadOptionsFailWithOneLine(string option, string value, string expected)
    {
        var args = new List<string> { "verify", option, value };
        if (option != "--widths") args.AddRange(["--widths", "8"]);
        if (option != "--networks") args.AddRange(["--networks", "1"]);
        if (option is not ("--random" or "--sequences")) args.AddRange(["--random", "2,2"]);
        var (code, output, err) = Run([.. args]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(expected, err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
