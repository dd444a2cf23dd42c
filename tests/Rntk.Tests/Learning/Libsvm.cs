using System.Diagnostics;
using System.Globalization;
using System.Text;
using Rntk.Gram;

namespace Rntk.Tests.Learning;

/// <summary>
/// Drives Debian's libsvm-tools (svm-train / svm-predict) as the oracle for our SVM. Absent tools skip the tests,
/// except under CI (env CI set), where .ci/run installs them and their absence is a failure.
/// </summary>
internal static class Libsvm
{
    public static string? Find(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var p = Path.Combine(dir, tool);
            if (File.Exists(p)) return p;
        }
        return null;
    }

    /// <summary>The path of the tool, or a skip (locally) / failure (CI) naming the package.</summary>
    public static string Require(string tool)
    {
        var p = Find(tool);
        if (p is not null) return p;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            throw new InvalidOperationException($"{tool} is not on PATH; CI must install Debian's libsvm-tools (.ci/run).");
        Skip.If(true, $"{tool} is not installed (apt-get install libsvm-tools); the libsvm comparison is skipped.");
        return "";
    }

    /// <summary>
    /// A precomputed-kernel file: "label 0:serial 1:K(i,1) … n:K(i,n)" with the serial 1-based (libsvm README, -t 4);
    /// <paramref name="columns"/> are the kernel columns of the training points, in training order.
    /// </summary>
    public static void WriteKernelFile(string path, KernelMatrix k, IReadOnlyList<int> rows, IReadOnlyList<int> columns, IReadOnlyList<int> labels)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        for (int i = 0; i < rows.Count; i++)
        {
            sb.Append(labels[i].ToString(ci)).Append(" 0:").Append((i + 1).ToString(ci));
            for (int j = 0; j < columns.Count; j++)
                sb.Append(' ').Append((j + 1).ToString(ci)).Append(':').Append(k[rows[i], columns[j]].ToString("R", ci));
            sb.Append('\n');
        }
        File.WriteAllText(path, sb.ToString());
    }

    public static string Run(string exe, string args)
    {
        var psi = new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var outTask = p.StandardOutput.ReadToEndAsync();
        var errTask = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        string output = outTask.Result + errTask.Result;
        if (p.ExitCode != 0) throw new InvalidOperationException($"{exe} {args} exited {p.ExitCode}: {output}");
        return output;
    }

    /// <summary>The "obj = …" values svm-train prints, one per binary problem (6 decimals).</summary>
    public static List<double> PrintedObjectives(string trainOutput) =>
        trainOutput.Split('\n').Where(l => l.StartsWith("obj = ", StringComparison.Ordinal))
            .Select(l => double.Parse(l[6..l.IndexOf(',')], CultureInfo.InvariantCulture)).ToList();

    /// <summary>What a libsvm model file says about a -t 4 model.</summary>
    public sealed record Model(int[] Labels, double[] Rho, int[] NSv, int[] SvSerials, double[][] SvCoef);

    public static Model ReadModel(string path)
    {
        var ci = CultureInfo.InvariantCulture;
        var lines = File.ReadAllLines(path);
        int[] labels = [], nsv = [];
        double[] rho = [];
        int k = 0;
        for (; k < lines.Length && lines[k] != "SV"; k++)
        {
            var parts = lines[k].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (parts[0])
            {
                case "label": labels = parts[1..].Select(s => int.Parse(s, ci)).ToArray(); break;
                case "rho": rho = parts[1..].Select(s => double.Parse(s, ci)).ToArray(); break;
                case "nr_sv": nsv = parts[1..].Select(s => int.Parse(s, ci)).ToArray(); break;
            }
        }
        var serials = new List<int>();
        var coef = new List<double[]>();
        for (k++; k < lines.Length; k++)
        {
            var parts = lines[k].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            coef.Add(parts[..^1].Select(s => double.Parse(s, ci)).ToArray());
            var last = parts[^1];
            if (!last.StartsWith("0:", StringComparison.Ordinal)) throw new InvalidDataException($"Unexpected SV entry '{last}'.");
            serials.Add((int)double.Parse(last[2..], ci));
        }
        int nRows = labels.Length - 1;
        var table = new double[nRows][];
        for (int r = 0; r < nRows; r++) table[r] = coef.Select(c => c[r]).ToArray();
        return new Model(labels, rho, nsv, serials.ToArray(), table);
    }
}
