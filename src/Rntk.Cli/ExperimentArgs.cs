using System.Globalization;
using Rntk.Data;
using Rntk.Experiments;
using Rntk.Gpu;
using Rntk.Gram;

namespace Rntk.Cli;

/// <summary>
/// What `rntk ucr` and `rntk classify` share: their options (methods, grid, folds, seed, classifier, SVM cap,
/// z-normalisation, device) and the warning about SVM fits stopped at the iteration cap.
/// </summary>
internal static class ExperimentArgs
{
    /// <summary>The runner's default SMO iteration cap (<see cref="ExperimentOptions.SvmMaxIterations"/>).</summary>
    public static readonly long DefaultMaxIterations = new ExperimentOptions().SvmMaxIterations;

    /// <summary>--methods as a list (lower case, checked), or <paramref name="defaults"/>.</summary>
    public static List<string> Methods(CliArgs a, IEnumerable<string> defaults)
    {
        var methods = (a.String("methods") ?? string.Join(',', defaults))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => m.ToLowerInvariant())
            .Distinct().ToList();
        if (methods.Count == 0) throw new CliException("--methods names no method.");
        foreach (var m in methods)
            if (!ExperimentRunner.AllMethods.Contains(m))
                throw new CliException($"Unknown method '{m}': use {string.Join(", ", ExperimentRunner.AllMethods)}.");
        return methods;
    }

    /// <summary>
    /// --grid, --folds, --seed, --classifier, --svm-max-iter, --no-znorm and --device; missing values are interpolated.
    /// --device auto (the default) lets each recurrent Gram run on a CUDA GPU when one is present and the Gram is large
    /// enough (<see cref="GramEngines.AutoGpuMinimumWork"/>), as `rntk gram` does; gpu without one fails here, before
    /// any work.
    /// </summary>
    public static ExperimentOptions Options(CliArgs a)
    {
        ExperimentGrid grid;
        try { grid = ExperimentGrid.Named(a.String("grid") ?? "quick"); }
        catch (ArgumentException e) { throw new CliException(e.Message); }
        double maxIter = a.Double("svm-max-iter", DefaultMaxIterations);
        if (!(maxIter >= 1 && maxIter <= 1e15 && Math.Floor(maxIter) == maxIter))
            throw new CliException($"--svm-max-iter must be a whole number from 1 to 1e15 (got {maxIter}).");
        var options = new ExperimentOptions
        {
            SvmMaxIterations = (long)maxIter,
            Grid = grid,
            Folds = a.Int("folds", 5),
            Seed = a.Int("seed", 0),
            Classifier = (a.String("classifier") ?? "svm").ToLowerInvariant(),
            Load = new LoadOptions { ZNormalize = !a.Flag("no-znorm"), Missing = MissingValues.Interpolate },
        };
        if (options.Folds < 2) throw new CliException($"--folds must be at least 2 (got {options.Folds}).");
        GramDevice device;
        try { device = GramOptions.ParseDevice(a.String("device") ?? "auto"); }
        catch (ArgumentException e) { throw new CliException(e.Message); }
        // The GPU engine is a separate assembly; registering it creates no GPU context until a Gram asks for one.
        if (device != GramDevice.Cpu) IlgpuGramEngine.Register();
        if (device == GramDevice.Gpu && GramEngines.Accelerator?.GpuName is null)
            throw new CliException($"--device gpu: no CUDA GPU ({GramEngines.Accelerator?.NoGpuReason}); use --device auto or cpu.");
        return options with { Gram = options.Gram with { Device = device } };
    }

    /// <summary>The warning for a row whose SVM fits stopped at the iteration cap (counted in its params), or null.</summary>
    public static string? UnconvergedWarning(ResultRow row, ExperimentOptions options)
    {
        if (!(row.ParameterDictionary().TryGetValue(ExperimentRunner.UnconvergedFitsKey, out var v) && v is double d && d > 0)) return null;
        int fits = row.Candidates * Math.Min(options.Folds, row.Train) + 1;
        return $"warning: {row.Dataset} {row.Method}: {(int)d} of {fits} SVM fits stopped at the iteration cap " +
               $"({options.SvmMaxIterations.ToString(CultureInfo.InvariantCulture)}) before converging and were used as they are" +
               (row.ParameterDictionary().ContainsKey("refit") ? ", the chosen model's refit among them" : "") +
               "; --svm-max-iter raises the cap.";
    }
}
