using System.Diagnostics;

namespace Rntk.Notebooks.Tests;

/// <summary>
/// Runs the real runner once, as a separate process (as CI does), on a folder of small notebooks: one that
/// passes with text, a value, math and two Plotly charts; one whose second cell throws; one whose imported
/// .dib throws. The tests below read its exit code, output and site.
/// </summary>
public sealed class RunnerFixture : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "rntk-nb-tests-" + Guid.NewGuid().ToString("N"));
    public string Site => Path.Combine(Root, "site");
    public int ExitCode { get; }
    public string Stdout { get; }
    public string Stderr { get; }

    public RunnerFixture()
    {
        string nb = Path.Combine(Root, "nb");
        Directory.CreateDirectory(nb);
        File.WriteAllText(Path.Combine(nb, "_charts.dib"), """
            #!csharp

            #r "nuget: Plotly.NET, [6.0.0]"
            #r "nuget: Plotly.NET.Interactive, [6.0.0]"
            #r "nuget: Plotly.NET.CSharp, [0.14.0]"
            """);
        File.WriteAllText(Path.Combine(nb, "_broken.dib"), """
            #!csharp

            var fine = 1;

            #!csharp

            throw new InvalidOperationException("error inside the import");
            """);
        File.WriteAllText(Path.Combine(nb, "good.dib"), """
            #!markdown

            # A good notebook

            The weight $r=\sigma_w^2/2$ and a display formula:

            $$\Theta(x,x)=\frac{\sigma_v^2\sigma_u^2}{2m}\sum_{t=1}^{T}(T-t+2)\,r^{T-t}\|x_t\|^2$$

            #!csharp

            #!import _charts.dib

            #!csharp

            Console.WriteLine("hello from a cell");
            6 * 7

            #!csharp

            Plotly.NET.CSharp.Chart.Line<int, int, string>(new[] { 1, 2, 3 }, new[] { 1, 4, 9 })

            #!csharp

            Plotly.NET.CSharp.Chart.Point<int, int, string>(new[] { 1, 2, 3 }, new[] { 3, 1, 2 })
            """);
        File.WriteAllText(Path.Combine(nb, "bad.dib"), """
            #!csharp

            var a = 1;

            #!csharp

            throw new InvalidOperationException("boom 42");

            #!csharp

            a + 1
            """);
        File.WriteAllText(Path.Combine(nb, "badimport.dib"), """
            #!csharp

            #!import _broken.dib

            #!csharp

            Console.WriteLine("after the import");
            """);

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { RunnerDll(), "run", nb, "--out", Site, "--cell-timeout", "300" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        Stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Stderr = err.Result;
        ExitCode = p.ExitCode;
    }

    /// <summary>The runner built beside this test assembly (the project reference builds it first).</summary>
    public static string RunnerDll()
    {
        string here = Path.GetDirectoryName(typeof(RunnerFixture).Assembly.Location)!;
        string dll = Path.Combine(here, "Rntk.Notebooks.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Rntk.Notebooks.dll not found beside the tests", dll);
        return dll;
    }

    public string ReadSite(string file) => File.ReadAllText(Path.Combine(Site, file));

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
