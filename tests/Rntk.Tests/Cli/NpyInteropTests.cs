using System.Globalization;
using Rntk.IO;

namespace Rntk.Tests.Cli;

/// <summary>The .npy files we write load in numpy itself, with the same numbers.</summary>
public class NpyInteropTests
{
    [SkippableFact]
    public void NumpyLoadsOurFiles()
    {
        ExternalTool.Require(ExternalTool.PythonHasNumpy(), "python3 with numpy (Debian python3-numpy)");
        string dir = Directory.CreateTempSubdirectory("rntk-npy").FullName;
        try
        {
            // Shapes whose header lengths fall on different sides of the 64-byte padding.
            foreach (var (r, c) in new[] { (1, 1), (3, 7), (123, 45) })
            {
                var data = Enumerable.Range(0, r * c).Select(i => Math.Sin(i) * Math.Pow(10, i % 17 - 8)).ToArray();
                string p = Path.Combine(dir, $"m{r}x{c}.npy");
                NpyFile.Write(p, data, r, c);
                var (code, o, e) = ExternalTool.Run("/usr/bin/python3",
                    ["-c", "import numpy,sys; a=numpy.load(sys.argv[1]); print(a.shape[0], a.shape[1], a.dtype, repr(float(a.sum())), repr(float(a[-1,-1])))", p]);
                Assert.True(code == 0, e);
                var parts = o.Trim().Split(' ');
                Assert.Equal(r.ToString(), parts[0]);
                Assert.Equal(c.ToString(), parts[1]);
                Assert.Equal("float64", parts[2]);
                Assert.Equal(data[^1], double.Parse(parts[4], CultureInfo.InvariantCulture));
                TestData.AssertRelative(data.Sum(), double.Parse(parts[3], CultureInfo.InvariantCulture), 1e-12, "sum");
                var back = NpyFile.Read(p);
                Assert.Equal(data, back.Data);
            }
        }
        finally { Directory.Delete(dir, true); }
    }
}
