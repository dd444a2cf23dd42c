namespace Rntk.Learning;

/// <summary>
/// Settings of a C-SVC, with libsvm's defaults: C = 1, stopping tolerance ε = 1e-3 (svm-train -e), shrinking on
/// (svm-train -h 1). Validated at construction; the message names the bad field.
/// </summary>
public sealed record SvmParameters
{
    /// <summary>The box constraint C (svm-train -c): the cost of a margin violation.</summary>
    public double C { get; }
    /// <summary>Stop when the maximal KKT violation m(α) − M(α) falls below this (svm-train -e).</summary>
    public double Epsilon { get; }
    /// <summary>libsvm's shrinking heuristic (svm-train -h); the solution is the same up to ε either way.</summary>
    public bool Shrinking { get; }
    /// <summary>SMO iterations per binary problem before giving up; null = libsvm's max(10⁷, 100·l).</summary>
    public long? MaxIterations { get; }

    public SvmParameters(double c = 1.0, double epsilon = 1e-3, bool shrinking = true, long? maxIterations = null)
    {
        if (!double.IsFinite(c) || c <= 0) throw new ArgumentException($"C must be positive and finite (got {c}).");
        if (!double.IsFinite(epsilon) || epsilon <= 0) throw new ArgumentException($"Epsilon must be positive and finite (got {epsilon}).");
        if (maxIterations is <= 0) throw new ArgumentException($"MaxIterations must be positive (got {maxIterations}).");
        C = c;
        Epsilon = epsilon;
        Shrinking = shrinking;
        MaxIterations = maxIterations;
    }
}
