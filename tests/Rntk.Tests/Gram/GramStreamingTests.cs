using Rntk.Cli;
using Rntk.Gram;
using Rntk.IO;
using Rntk.Kernels;

namespace Rntk.Tests.Gram;

/// <summary>The memory-mapped .npy path gives the same bits as the in-memory Gram.</summary>
public sealed class GramStreamingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rntk-stream-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(GramEngineKind.Simd, KernelKind.Rntk)]
    [InlineData(GramEngineKind.Simd, KernelKind.Nngp)]
    [InlineData(GramEngineKind.Reference, KernelKind.Rntk)]
    public void StreamedNpyEqualsInMemoryGram(GramEngineKind engine, KernelKind kind)
    {
        var cfg = new KernelConfig(2, 1.3, 0.7, 0.2, 0.1, 1.0);
        var ps = new PreparedSet(cfg, TestData.RandomSet(75, 3, 12, seed: 17));
        var options = new GramOptions { Engine = engine, TileSize = 16 };
        var inMemory = GramEngines.Compute(ps, null, options, null, default).Get(kind);
        string path = Path.Combine(_dir, "k.npy");
        using (var sink = new NpyTileSink(path, 75, 75, symmetric: true, kind))
        {
            GramEngines.ComputeTo(ps, null, sink, options, null, default);
            Assert.Equal(inMemory.Sum(), sink.Sum());
            Assert.Equal(inMemory[3, 70], sink[3, 70]);
            Assert.False(File.Exists(path)); // invisible until committed
            sink.Commit();
        }
        var (data, rows, cols) = NpyFile.Read(path);
        Assert.Equal((75, 75), (rows, cols));
        Assert.Equal(inMemory.Data, data);
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void CrossGramStreams()
    {
        var cfg = new KernelConfig(1, 1.0, 1.0, 0.1, 0, 1.0, Activation.Erf);
        var rows = new PreparedSet(cfg, TestData.RandomSet(20, 3, 9, seed: 1), "row");
        var cols = new PreparedSet(cfg, TestData.RandomSet(33, 3, 9, seed: 2), "column");
        var inMemory = GramEngines.Compute(rows, cols, new GramOptions { TileSize = 8 }, null, default);
        string path = Path.Combine(_dir, "cross.npy");
        using (var sink = new NpyTileSink(path, 20, 33, symmetric: false, KernelKind.Nngp))
        {
            GramEngines.ComputeTo(rows, cols, sink, new GramOptions { TileSize = 8 }, null, default);
            sink.Commit();
        }
        Assert.Equal(inMemory.Nngp.Data, NpyFile.Read(path).Data);
    }

    [Fact]
    public void AnUncommittedFileLeavesNothingAndKeepsTheOldTarget()
    {
        string path = Path.Combine(_dir, "keep.npy");
        File.WriteAllText(path, "old");
        using (var w = new MappedNpyWriter(path, 10, 10)) w.Write(2, 3, [1.0, 2.0]);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_dir));
        using var w2 = new MappedNpyWriter(path, 4, 4);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => w2.Write(3, 2, [1.0, 2.0, 3.0]));
        Assert.Contains("4 × 4", e.Message);
    }

    [Fact]
    public void GramCommandStreamsNpyAndMatchesCsv()
    {
        string train = Path.Combine(_dir, "X_TRAIN.tsv"), test = Path.Combine(_dir, "X_TEST.tsv");
        var rng = new Random(5);
        string Row(int label, int T) => label + "\t" + string.Join("\t", Enumerable.Range(0, T).Select(_ => (rng.NextDouble() * 2 - 1).ToString("R")));
        File.WriteAllLines(train, Enumerable.Range(0, 40).Select(i => Row(i % 2, 25)));
        File.WriteAllLines(test, Enumerable.Range(0, 30).Select(i => Row(i % 3, 25)));
        string npy = Path.Combine(_dir, "g.npy"), csv = Path.Combine(_dir, "g.csv");
        var o = new StringWriter();
        var err = new StringWriter();
        string[] common = ["--train", train, "--test", test, "--layers", "2", "--sigma-b", "0.1", "--tile", "16", "--json"];
        Assert.Equal(0, CommandLine.Run(["gram", .. common, "--out", npy], o, err));
        Assert.Equal(0, CommandLine.Run(["gram", .. common, "--out", csv, "--threads", "1"], o, err));
        var lines = o.ToString().Trim().Split('\n');
        Assert.Contains("\"engine\":\"cpu-simd", lines[0]);
        var streamed = NpyFile.Read(npy).Data;
        var text = File.ReadAllLines(csv).SelectMany(l => l.Split(',')).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(text, streamed);
        // Same checksums from the mapped file as from the in-memory matrix.
        string Field(string line, string name) => System.Text.RegularExpressions.Regex.Match(line, $"\"{name}\":([^,}}]+)").Groups[1].Value;
        Assert.Equal(Field(lines[1], "sum"), Field(lines[0], "sum"));
        Assert.Equal(Field(lines[1], "k01"), Field(lines[0], "k01"));
    }

    [Fact]
    public void GramCommandRejectsBadEngineAndSimdForTanh()
    {
        string train = Path.Combine(_dir, "Y_TRAIN.tsv");
        File.WriteAllLines(train, ["1\t0.5\t0.25", "2\t-0.5\t1"]);
        var o = new StringWriter();
        var err = new StringWriter();
        Assert.Equal(2, CommandLine.Run(["gram", "--train", train, "--out", Path.Combine(_dir, "a.npy"), "--engine", "gpu"], o, err));
        Assert.Contains("Unknown engine 'gpu'", err.ToString());
        Assert.Equal(2, CommandLine.Run(["gram", "--train", train, "--out", Path.Combine(_dir, "b.npy"), "--engine", "simd", "--activation", "tanh"], o, err));
        Assert.Contains("tanh", err.ToString());
        Assert.Equal(2, CommandLine.Run(["gram", "--train", train, "--out", Path.Combine(_dir, "c.npy"), "--threads", "0"], o, err));
        Assert.Contains("--threads", err.ToString());
        Assert.False(File.Exists(Path.Combine(_dir, "b.npy")));
    }
}
