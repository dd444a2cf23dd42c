namespace Rntk.Baselines;

/// <summary>The linear kernel k(x, y) = ⟨x, y⟩/d.</summary>
public sealed class LinearKernel : DotProductKernel
{
    public override string Name => "linear";
    protected override IReadOnlyDictionary<string, object> KernelParameters { get; } = new Dictionary<string, object>();
    public override double Evaluate(double s, double sx, double sy) => s;
}

/// <summary>The polynomial kernel k(x, y) = (γ⟨x, y⟩/d + c)^p.</summary>
public sealed class PolynomialKernel : DotProductKernel
{
    public int Degree { get; }
    public double Gamma { get; }
    public double Coef0 { get; }

    public PolynomialKernel(int degree = 3, double gamma = 1, double coef0 = 1)
    {
        if (degree < 1) throw new ArgumentOutOfRangeException(nameof(degree), degree, "The polynomial degree must be ≥ 1.");
        if (!(gamma > 0) || !double.IsFinite(gamma)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "Gamma must be positive and finite.");
        if (!(coef0 >= 0) || !double.IsFinite(coef0)) throw new ArgumentOutOfRangeException(nameof(coef0), coef0, "Coef0 must be ≥ 0 and finite (else the kernel need not be positive semi-definite).");
        Degree = degree;
        Gamma = gamma;
        Coef0 = coef0;
        KernelParameters = new Dictionary<string, object> { ["degree"] = degree, ["gamma"] = gamma, ["coef0"] = coef0 };
    }

    public override string Name => "poly";
    protected override IReadOnlyDictionary<string, object> KernelParameters { get; }
    public override double Evaluate(double s, double sx, double sy) => Math.Pow(Gamma * s + Coef0, Degree);
}

/// <summary>The Gaussian (RBF) kernel k(x, y) = exp(−γ‖x − y‖²/d).</summary>
public sealed class RbfKernel : DotProductKernel
{
    public double Gamma { get; }

    public RbfKernel(double gamma = 1)
    {
        if (!(gamma > 0) || !double.IsFinite(gamma)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "Gamma must be positive and finite.");
        Gamma = gamma;
        KernelParameters = new Dictionary<string, object> { ["gamma"] = gamma };
    }

    public override string Name => "rbf";
    protected override IReadOnlyDictionary<string, object> KernelParameters { get; }

    // ‖x − y‖²/d = sx + sy − 2s; rounding can make it slightly negative for (near-)equal vectors.
    public override double Evaluate(double s, double sx, double sy) => Math.Exp(-Gamma * Math.Max(0, sx + sy - 2 * s));
}
