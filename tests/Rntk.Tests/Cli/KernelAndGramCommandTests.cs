using System.Text.Json;
using Rntk.Data;
using Rntk.IO;
using Rntk.Kernels;
using static Rntk.Tests.Cli.CliRunner;

namespace Rntk.Tests.Cli;

public class KernelAndGramCommandTests
{
    private static readonly string[] ConfigB =
        ["--layers", "2", "--sigma-w", "1.2", "--sigma-u", "0.8", "--sigma-b", "0.3", "--sigma-h", "0.5", "--sigma-v", "1"];

    [Fact]
    public void KernelJsonReproducesTheReferenceValues()
    {
        var (code, o, e) = Run(["kernel", "--x", "0.5,-1,0.25", "--y", "1,0.3,-0.7,0.2", .. ConfigB, "--activation", "relu", "--json"]);
        Assert.True(code == 0, e);
        using var doc = JsonDocument.Parse(o);
        TestData.AssertRelative(1.050288690564, doc.RootElement.GetProperty("rntk").GetDouble(), 1e-10, "rntk");
        TestData.AssertRelative(0.439053652435, doc.RootElement.GetProperty("nngp").GetDouble(), 1e-10, "nngp");
        TestData.AssertRelative(2.147865600000, doc.RootElement.GetProperty("rntk_xx").GetDouble(), 1e-10, "rntk_xx");
    }

    [Fact]
    public void KernelParsesMultichannelStepsAndOptions()
    {
        var (code, o, e) = Run(["kernel", "--x", "1,0;0.5,-0.5", "--y", "0.2,0.4;-0.3,0.1;0.6,0.6", "--layers", "2",
            "--sigma-w", "1.3", "--sigma-u", "1.0", "--sigma-b", "0.1", "--sigma-h", "0.2", "--json"]);
        Assert.True(code == 0, e);
        using var doc = JsonDocument.Parse(o);
        TestData.AssertRelative(0.2277297242569173, doc.RootElement.GetProperty("rntk").GetDouble(), 1e-10, "rntk");
        Assert.Equal(2, doc.RootElement.GetProperty("channels").GetInt32());

        (code, o, e) = Run(["kernel", "--x", "0.5,-1,0.25", "--y", "1,0.3,-0.7,0.2", "--layers", "2", "--sigma-w", "1.1",
            "--sigma-u", "1.3", "--sigma-b", "0.2", "--sigma-h", "0.7", "--sigma-v", "1.5", "--activation", "erf", "--bidirectional", "--json"]);
        Assert.True(code == 0, e);
        TestData.AssertRelative(3.119906815920, JsonDocument.Parse(o).RootElement.GetProperty("rntk").GetDouble(), 1e-10, "bi");

        (code, o, e) = Run(["kernel", "--x", "0.5,-1,0.25", "--y", "1,0.3,-0.7,0.2", .. ConfigB, "--readout", "average", "--json"]);
        Assert.True(code == 0, e);
        TestData.AssertRelative(0.456679900551, JsonDocument.Parse(o).RootElement.GetProperty("rntk").GetDouble(), 1e-10, "avg");
    }

    [Theory]
    [InlineData("--sigma-w", "-1", "SigmaW")]
    [InlineData("--layers", "0", "Layers")]
    [InlineData("--activation", "softsign", "Unknown activation")]
    [InlineData("--sigma-q", "1", "Unknown option --sigma-q")]
    [InlineData("--x", "1,nan,2", "not finite")]
    [InlineData("--x", "1,abc", "not a number")]
    public void UserErrorsAreOneLineWithExitCode2(string option, string value, string expected)
    {
        var args = new List<string> { "kernel", "--x", "1,2", "--y", "0.5" };
        int at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value; else args.AddRange([option, value]);
        var (code, o, e) = Run([.. args]);
        Assert.Equal(2, code);
        Assert.Equal("", o);
        Assert.Contains(expected, e);
        Assert.Single(e.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", e);
    }

    [Fact]
    public void ChannelMismatchIsAUserError()
    {
        var (code, _, e) = Run("kernel", "--x", "1,0;0.5,-0.5", "--y", "0.2;0.5");
        Assert.Equal(2, code);
        Assert.Contains("Channel mismatch", e);
    }

    private static string WriteTsv(string dir, string name, params string[] lines)
    {
        string p = Path.Combine(dir, name);
        File.WriteAllLines(p, lines);
        return p;
    }

    [Fact]
    public void GramWritesNpyAndCsvEqualToTheLibrary()
    {
        string dir = Directory.CreateTempSubdirectory("rntk-gram").FullName;
        try
        {
            // Variable length: trailing NaN is padding.
            string train = WriteTsv(dir, "A_TRAIN.tsv", "1\t0.5\t-1\t0.25\tNaN", "2\t1\t0.3\t-0.7\t0.2");
            string test = WriteTsv(dir, "A_TEST.tsv", "1\t0.1\t0.2\tNaN\tNaN");
            string npy = Path.Combine(dir, "K.npy"), csv = Path.Combine(dir, "K.csv");
            var (code, o, e) = Run(["gram", "--train", train, "--test", test, .. ConfigB, "--out", npy, "--json"]);
            Assert.True(code == 0, e);
            using var doc = JsonDocument.Parse(o);
            Assert.Equal(3, doc.RootElement.GetProperty("n").GetInt32());
            Assert.Equal(4, doc.RootElement.GetProperty("T").GetInt32());
            TestData.AssertRelative(1.050288690564, doc.RootElement.GetProperty("k01").GetDouble(), 1e-10, "k01");
            TestData.AssertRelative(2.147865600000, doc.RootElement.GetProperty("k00").GetDouble(), 1e-10, "k00");
            Assert.True(doc.RootElement.GetProperty("layer_pair_steps_per_s").GetDouble() > 0);

            var (data, rows, cols) = NpyFile.Read(npy);
            Assert.Equal((3, 3), (rows, cols));
            var k = new RntkKernel(TestData.B());
            var seqs = new[] { TestData.X, TestData.Xp, Sequence.Univariate(0.1, 0.2) };
            var g = k.Gram(seqs);
            Assert.Equal(g.Rntk.Data, data);
            Assert.Equal(g.Rntk.Sum(), doc.RootElement.GetProperty("sum").GetDouble());

            (code, _, e) = Run(["gram", "--train", train, "--test", test, .. ConfigB, "--kernel", "nngp", "--out", csv]);
            Assert.True(code == 0, e);
            var parsed = File.ReadAllLines(csv).SelectMany(l => l.Split(',')).Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(g.Nngp.Data, parsed.ToArray());
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void GramNamesTheRowAndStepOfANaNInsideASeries()
    {
        string dir = Directory.CreateTempSubdirectory("rntk-gram").FullName;
        try
        {
            string train = WriteTsv(dir, "B_TRAIN.tsv", "1\t0.5\t-1\t0.25", "2\t1\tNaN\t-0.7");
            string npy = Path.Combine(dir, "K.npy");
            var (code, _, e) = Run("gram", "--train", train, "--out", npy);
            Assert.Equal(2, code);
            Assert.Contains("row 1", e);
            Assert.Contains("step 1", e);
            Assert.False(File.Exists(npy));
            // The documented option fills the gap instead.
            (code, _, e) = Run("gram", "--train", train, "--out", npy, "--interpolate");
            Assert.True(code == 0, e);
            Assert.True(File.Exists(npy));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void AnExistingOutputSurvivesAFailedRun()
    {
        string dir = Directory.CreateTempSubdirectory("rntk-gram").FullName;
        try
        {
            string npy = Path.Combine(dir, "K.npy");
            File.WriteAllText(npy, "precious");
            string train = WriteTsv(dir, "C_TRAIN.tsv", "1\t" + string.Join('\t', Enumerable.Repeat("0.5", 400)));
            var (code, _, e) = Run("gram", "--train", train, "--sigma-w", "3", "--sigma-b", "0.1", "--out", npy);
            Assert.Equal(2, code);
            Assert.Contains("overflow", e);
            Assert.Equal("precious", File.ReadAllText(npy));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData(new[] { "kernel", "--jsn", "--x", "1", "--y", "1" }, "Unknown option --jsn")]       // swallowed --x before
    [InlineData(new[] { "kernel", "--x", "1", "--y", "1", "--jsn" }, "Unknown option --jsn")]       // "needs a value" before
    [InlineData(new[] { "kernel", "--x", "1", "--y", "1", "--layers" }, "Option --layers needs a value")]
    [InlineData(new[] { "kernel", "--x", "1", "--layers", "--y", "1" }, "Option --layers needs a value")]
    [InlineData(new[] { "kernel", "--x", "1e-100", "--y", "1e-100" }, "underflow")]                  // was a wrong 0 NNGP
    [InlineData(new[] { "kernel", "--x", "1000", "--y", "1", "--activation", "tanh" }, "out of range")]
    public void MistypedOptionsAndOutOfRangeKernelsAreNamed(string[] args, string expected)
    {
        var (code, o, e) = Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", o);
        Assert.Contains(expected, e);
        Assert.Single(e.TrimEnd().Split('\n'));
    }

    [Fact]
    public void MalformedNpyAndTileSizesAreOneLineErrors()
    {
        string dir = Directory.CreateTempSubdirectory("rntk-npy").FullName;
        try
        {
            string Npy(string name, string header, int dataBytes)
            {
                var h = header.PadRight(118) + "\n";
                var bytes = new List<byte> { 0x93 };
                bytes.AddRange(System.Text.Encoding.ASCII.GetBytes("NUMPY"));
                bytes.AddRange([1, 0, (byte)(h.Length & 0xFF), (byte)(h.Length >> 8)]);
                bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(h));
                bytes.AddRange(new byte[dataBytes]);
                string p = Path.Combine(dir, name);
                File.WriteAllBytes(p, bytes.ToArray());
                return p;
            }
            var cases = new (string File, string Expected)[]
            {
                (Npy("huge.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3000000000, 1), }", 16), "larger than an array"),
                (Npy("neg.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (-1, -1), }", 16), "non-negative integers"),
                (Npy("text.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (a, 2), }", 16), "non-negative integers"),
                (Npy("short.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", 16), "truncated data"),
                (Npy("long.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", 40), "bytes after"),
                (Npy("flat.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", 32), "2-D array is needed"),
            };
            foreach (var (file, expected) in cases)
            {
                var (code, _, e) = Run("gram", "--input", file, "--json");
                Assert.True(code == 2, $"{file}: exit {code}, {e}");
                Assert.Contains(expected, e);
                Assert.Contains(Path.GetFileName(file), e);
                Assert.DoesNotContain("   at ", e);
            }
            string ok = Npy("ok.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", 32);
            foreach (var tile in new[] { "50000", "2147483647", "0" })
            {
                var (code, _, e) = Run("gram", "--input", ok, "--json", "--tile", tile);
                Assert.Equal(2, code);
                Assert.Contains("--tile must be between 1 and 4096", e);
            }
            var (c2, o2, e2) = Run("gram", "--input", ok, "--json", "--tile", "4096");   // the largest edge is accepted
            Assert.True(c2 == 0, e2);
            Assert.Equal(0, JsonDocument.Parse(o2).RootElement.GetProperty("k00").GetDouble());
            // A number that does not exist is null in JSON (K[0,1] of one sequence), not the string "NaN".
            string one = Npy("one.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", 16);
            var (c3, o3, e3) = Run("gram", "--input", one, "--json");
            Assert.True(c3 == 0, e3);
            Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(o3).RootElement.GetProperty("k01").ValueKind);
        }
        finally { Directory.Delete(dir, true); }
    }
}
