using Rntk.Data;
using Rntk.Gram;

namespace Rntk.Experiments;

/// <summary>How the benchmark protocol is run. <see cref="Tag"/> is recorded with every result and identifies it for resuming.</summary>
public sealed record ExperimentOptions
{
    /// <summary>The hyper-parameter grid (<see cref="ExperimentGrid.Paper"/> or <see cref="ExperimentGrid.Quick"/>).</summary>
    public ExperimentGrid Grid { get; init; } = ExperimentGrid.Quick;

    /// <summary>Stratified cross-validation folds on the training split (capped by the training size).</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Seed of the fold assignment.</summary>
    public int Seed { get; init; }

    /// <summary>"svm" (C-SVC, the papers' classifier) or "krr" (kernel ridge on one-hot targets).</summary>
    public string Classifier { get; init; } = "svm";

    /// <summary>SVM stopping tolerance (libsvm's default 1e-3).</summary>
    public double SvmEpsilon { get; init; } = 1e-3;

    /// <summary>
    /// SMO iterations per binary problem before the solver stops with what it has (libsvm stops at 10⁷, and so does
    /// <see cref="Learning.SvmParameters"/> by default). Large C on a kernel that cannot separate the data (the linear
    /// kernel on long, noisy series) runs into the cap: 10⁷ iterations cost over a minute per fit there, 10⁶ a few
    /// seconds, and such a C is not the one cross-validation prefers. Separable kernels converge long before.
    /// A fit that stops at the cap is used as it is (as libsvm does after its warning) and counted in the result's
    /// parameters (unconverged_fits=N; refit=unconverged when the chosen model's refit is one), so it never goes unseen.
    /// A value other than 10⁶ is part of <see cref="Tag"/>.
    /// </summary>
    public long SvmMaxIterations { get; init; } = 1_000_000;

    /// <summary>
    /// Data preparation, the same for every method: per-series z-normalisation and interpolated missing values
    /// (DodgerLoop* hold NaN inside series); variable lengths are kept (the recurrent kernels and DTW use them as they
    /// are; fixed-length baselines zero-pad to the longest series of the dataset).
    /// </summary>
    public LoadOptions Load { get; init; } = new() { ZNormalize = true, Missing = MissingValues.Interpolate };

    /// <summary>How Gram matrices are computed (engine, threads); never changes their values.</summary>
    public GramOptions Gram { get; init; } = GramOptions.Default;

    /// <summary>Threads for cross-validation fits; null = all cores.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Everything that changes results, e.g. "znorm=on missing=interpolate length=variable classifier=svm folds=5 seed=0".</summary>
    public string Tag => $"{Load} classifier={Classifier} folds={Folds} seed={Seed}" +
        (Classifier == "svm" && SvmEpsilon != 1e-3 ? $" eps={SvmEpsilon:R}" : "") +
        (Classifier == "svm" && SvmMaxIterations != 1_000_000 ? $" max_iter={SvmMaxIterations}" : "");

    public void Validate()
    {
        if (Folds < 2) throw new ArgumentException($"Folds must be at least 2 (got {Folds}).");
        if (Classifier is not ("svm" or "krr")) throw new ArgumentException($"Unknown classifier '{Classifier}': use svm or krr.");
        if (!(SvmEpsilon > 0)) throw new ArgumentException($"SvmEpsilon must be positive (got {SvmEpsilon}).");
        if (SvmMaxIterations < 1) throw new ArgumentException($"SvmMaxIterations must be positive (got {SvmMaxIterations}).");
        ArgumentNullException.ThrowIfNull(Grid);
        ArgumentNullException.ThrowIfNull(Load);
    }
}

/// <summary>
/// Where a run is: dataset i of n, the method(s) being computed, candidate k of K, the share of its Gram done, and
/// <paramref name="Overall"/>, the share of the whole run's estimated seconds done (<see cref="WorkEstimate"/>; datasets
/// already in the results file count for nothing), which never decreases during a run.
/// </summary>
public readonly record struct ExperimentProgress(
    string Dataset, int DatasetIndex, int DatasetCount, string Method, int Candidate, int Candidates, double GramFraction, double Overall);
