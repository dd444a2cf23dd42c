using System.Text.Json;
using Rntk.Cli;
using Rntk.Data;
using Rntk.Gpu;
using Rntk.Gram;
using Rntk.IO;
using Rntk.Kernels;

namespace Rntk.Tests.Gpu;

/// <summary>Device choice in the library (GramOptions.Device) and in `rntk gram --device`, and .npy input.</summary>
public sealed class GramDeviceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rntk-gpu-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CommandLine.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static JsonElement Json(string stdout) => JsonDocument.Parse(stdout.Trim()).RootElement;

    /// <summary>An N×T .npy of uniform(−1, 1) values; rows shortened by trailing NaN padding when <paramref name="ragged"/>.</summary>
    private string Npy(int n, int t, bool ragged = false, int seed = 1, string name = "x.npy")
    {
        var rng = new Random(seed);
        var data = new double[n * t];
        for (int i = 0; i < n; i++)
        {
            int len = ragged ? rng.Next(2, t + 1) : t;
            for (int k = 0; k < t; k++) data[i * t + k] = k < len ? rng.NextDouble() * 2 - 1 : double.NaN;
        }
        string path = Path.Combine(_dir, name);
        NpyFile.Write(path, data, n, t);
        return path;
    }

    [Fact]
    public void LibraryRunsTheGpuKernelOnTheIlgpuCpuAcceleratorWhenAsked()
    {
        IlgpuGramEngine.Register();
        var set = TestData.RandomSet(10, 2, 8, seed: 4);
        var k = new RntkKernel(TestData.C());
        var gpu = k.Gram(set, new GramOptions { Device = GramDevice.IlgpuCpu });
        var cpu = k.Gram(set, new GramOptions { Device = GramDevice.Cpu });
        Assert.Equal("ilgpu-cpu", gpu.Engine);
        Assert.StartsWith("cpu-", cpu.Engine);
        for (int i = 0; i < 10; i++)
            for (int j = 0; j < 10; j++)
                TestData.AssertRelative(cpu.Rntk[i, j], gpu.Rntk[i, j], 1e-12, $"({i},{j})");
    }

    [Fact]
    public void GpuWithoutAGpuIsAClearErrorAndWithOneItMatchesTheCpu()
    {
        IlgpuGramEngine.Register();
        var set = TestData.RandomSet(12, 3, 9, seed: 8);
        var k = new RntkKernel(TestData.B(d: Direction.Bidirectional));
        if (IlgpuGramEngine.Shared.GpuName is null)
        {
            // CI: no GPU. The error names the problem and the way out.
            var e = Assert.Throws<NotSupportedException>(() => k.Gram(set, new GramOptions { Device = GramDevice.Gpu }));
            Assert.Contains("No CUDA GPU", e.Message);
            Assert.Contains("cpu", e.Message);
        }
        else
        {
            // On a machine with a GPU this is the real device test.
            var gpu = k.Gram(set, new GramOptions { Device = GramDevice.Gpu });
            var cpu = k.Gram(set, new GramOptions { Device = GramDevice.Cpu });
            Assert.StartsWith("cuda:", gpu.Engine);
            for (int i = 0; i < 12; i++)
                for (int j = 0; j < 12; j++)
                    TestData.AssertRelative(cpu.Rntk[i, j], gpu.Rntk[i, j], 1e-12, $"({i},{j})");
        }
    }

    [Fact]
    public void AutoKeepsSmallGramsAndUnsupportedConfigurationsOnTheCpu()
    {
        IlgpuGramEngine.Register();
        var set = TestData.RandomSet(6, 2, 5);
        Assert.StartsWith("cpu-", new RntkKernel(TestData.A()).Gram(set).Engine);
        var tanh = new RntkKernel(new KernelConfig(activation: Activation.Tanh));
        Assert.StartsWith("cpu-", tanh.Gram(set).Engine);
        var e = Assert.Throws<NotSupportedException>(() => tanh.Gram(set, new GramOptions { Device = GramDevice.IlgpuCpu }));
        Assert.Contains("tanh", e.Message);
    }

    [Fact]
    public void ResolveDeviceSaysWhereAGramWillRun()
    {
        IlgpuGramEngine.Register();
        var small = new PreparedSet(TestData.A(), TestData.RandomSet(5, 2, 4));
        Assert.Equal(GramDevice.Cpu, GramEngines.ResolveDevice(small, null, new GramOptions { Device = GramDevice.Cpu }));
        Assert.Equal(GramDevice.Cpu, GramEngines.ResolveDevice(small, null, GramOptions.Default)); // too small for a GPU
        Assert.Equal(GramDevice.IlgpuCpu, GramEngines.ResolveDevice(small, null, new GramOptions { Device = GramDevice.IlgpuCpu }));
        var deep = new PreparedSet(TestData.A().With(layers: 9), TestData.RandomSet(5, 2, 4));
        Assert.Contains("9 layers", Assert.Throws<NotSupportedException>(() =>
            GramEngines.ResolveDevice(deep, null, new GramOptions { Device = GramDevice.IlgpuCpu })).Message);
        // The work measure counts pairs × steps × layers, ×T for average pooling, ×2 bidirectional.
        var avg = new PreparedSet(TestData.B(Readout.AveragePooling, Direction.Bidirectional), [TestData.X, TestData.Xp]);
        Assert.Equal(3.0 * 4 * 2 * 4 * 2, GramEngines.Work(avg, null));
    }

    [Fact]
    public void DeviceNamesParse()
    {
        Assert.Equal(GramDevice.Auto, GramOptions.ParseDevice("auto"));
        Assert.Equal(GramDevice.Cpu, GramOptions.ParseDevice("CPU"));
        Assert.Equal(GramDevice.Gpu, GramOptions.ParseDevice("gpu"));
        Assert.Equal(GramDevice.IlgpuCpu, GramOptions.ParseDevice("ilgpu-cpu"));
        Assert.Contains("tpu", Assert.Throws<ArgumentException>(() => GramOptions.ParseDevice("tpu")).Message);
    }

    [Fact]
    public void CliGramOnIlgpuCpuEqualsCpuAndNamesTheDevice()
    {
        string x = Npy(16, 12, ragged: true);
        string[] common = ["gram", "--input", x, "--layers", "2", "--activation", "erf", "--sigma-b", "0.1", "--json"];
        var cpu = Cli([.. common, "--device", "cpu", "--out", Path.Combine(_dir, "c.npy")]);
        var gpu = Cli([.. common, "--device", "ilgpu-cpu", "--out", Path.Combine(_dir, "g.npy")]);
        Assert.True(cpu.Code == 0, cpu.Err);
        Assert.True(gpu.Code == 0, gpu.Err);
        Assert.StartsWith("cpu-", Json(cpu.Out).GetProperty("device").GetString());
        Assert.Equal("ilgpu-cpu", Json(gpu.Out).GetProperty("device").GetString());
        var times = Json(gpu.Out).GetProperty("gpu_times");
        Assert.True(times.GetProperty("page_locked").GetBoolean(), "the shared engine stages in page-locked memory");
        Assert.True(times.GetProperty("bands").GetInt32() >= 1);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, Json(cpu.Out).GetProperty("gpu_times").ValueKind);
        var (c, _, _) = NpyFile.Read(Path.Combine(_dir, "c.npy"));
        var (g, rows, cols) = NpyFile.Read(Path.Combine(_dir, "g.npy"));
        Assert.Equal((16, 16), (rows, cols));
        for (int k = 0; k < c.Length; k++) TestData.AssertRelative(c[k], g[k], 1e-12, $"entry {k}");
    }

    [Fact]
    public void CliGpuErrorsAreOneLine()
    {
        string x = Npy(4, 5);
        var bad = Cli("gram", "--input", x, "--device", "tpu", "--json");
        Assert.Equal(2, bad.Code);
        Assert.Contains("Unknown device 'tpu'", bad.Err);
        var tanh = Cli("gram", "--input", x, "--device", "ilgpu-cpu", "--activation", "tanh", "--json");
        Assert.Equal(2, tanh.Code);
        Assert.Contains("tanh", tanh.Err);
        Assert.Single(tanh.Err.TrimEnd().Split('\n'));
        if (IlgpuGramEngine.Shared.GpuName is null)
        {
            var gpu = Cli("gram", "--input", x, "--device", "gpu", "--json");
            Assert.Equal(2, gpu.Code);
            Assert.StartsWith("rntk gram: No CUDA GPU", gpu.Err);
            Assert.Single(gpu.Err.TrimEnd().Split('\n'));
        }
    }

    [Fact]
    public void CliReadsNpyRowsWithPaddingAndRejectsBadInput()
    {
        // Ragged rows: the Gram equals the one of the trimmed sequences.
        string x = Npy(5, 7, ragged: true, seed: 3);
        var (data, n, t) = NpyFile.Read(x);
        var seqs = Enumerable.Range(0, n).Select(i =>
            Sequence.Univariate(data.Skip(i * t).Take(t).TakeWhile(v => !double.IsNaN(v)).ToArray())).ToList();
        var expect = new RntkKernel(new KernelConfig()).Gram(seqs, new GramOptions { Device = GramDevice.Cpu }).Rntk;
        var ok = Cli("gram", "--input", x, "--device", "cpu", "--json");
        Assert.True(ok.Code == 0, ok.Err);
        var j = Json(ok.Out);
        Assert.Equal(expect.Sum(), j.GetProperty("sum").GetDouble(), 12);
        Assert.Equal(expect[0, 1], j.GetProperty("k01").GetDouble(), 14);
        Assert.Equal(seqs.Max(s => s.Length), j.GetProperty("T").GetInt32());

        // NaN inside a row.
        var inner = new double[] { 1, double.NaN, 2, 3, 4, 5 };
        string holes = Path.Combine(_dir, "holes.npy");
        NpyFile.Write(holes, inner, 2, 3);
        var e = Cli("gram", "--input", holes, "--json");
        Assert.Equal(2, e.Code);
        Assert.Contains("row 0, step 1", e.Err);
        Assert.Equal(0, Cli("gram", "--input", holes, "--json", "--interpolate").Code);

        // A 3-D array (N×T×m) is refused by name, not misread.
        string cube = Path.Combine(_dir, "cube.npy");
        var header = NpyFile.Header(2, 2);
        string h = System.Text.Encoding.ASCII.GetString(header, 10, header.Length - 10).Replace("(2, 2)", "(2, 2, 2)");
        var bytes = new List<byte>(header[..8]);
        bytes.AddRange(BitConverter.GetBytes((ushort)h.Length));
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(h));
        bytes.AddRange(new byte[8 * 8]);
        File.WriteAllBytes(cube, bytes.ToArray());
        var c3 = Cli("gram", "--input", cube, "--json");
        Assert.Equal(2, c3.Code);
        Assert.Contains("3-dimensional", c3.Err);

        // Neither input, both inputs, no output.
        Assert.Contains("--train", Cli("gram", "--json").Err);
        Assert.Contains("not both", Cli("gram", "--input", x, "--train", x, "--json").Err);
        Assert.Contains("--out", Cli("gram", "--input", x).Err);
    }

    [Fact]
    public void CliRepsReportsSteadyAndFirstSeconds()
    {
        string x = Npy(6, 5);
        var r = Cli("gram", "--input", x, "--device", "cpu", "--json", "--reps", "2");
        Assert.True(r.Code == 0, r.Err);
        var j = Json(r.Out);
        Assert.Equal(2, j.GetProperty("reps").GetInt32());
        Assert.True(j.GetProperty("seconds").GetDouble() > 0);
        Assert.True(j.GetProperty("first_seconds").GetDouble() > 0);
        Assert.Equal(2, Cli("gram", "--input", x, "--json", "--reps", "-1").Code);
    }
}
