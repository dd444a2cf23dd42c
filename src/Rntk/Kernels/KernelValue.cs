namespace Rntk.Kernels;

/// <summary>Both kernels of one pair of inputs, from one pass of the recursion.</summary>
/// <param name="Rntk">The recurrent neural tangent kernel Θ(x, x′).</param>
/// <param name="Nngp">The RNN Gaussian-process kernel 𝒦(x, x′).</param>
public readonly record struct KernelValue(double Rntk, double Nngp)
{
    public static KernelValue operator +(KernelValue a, KernelValue b) => new(a.Rntk + b.Rntk, a.Nngp + b.Nngp);
}

/// <summary>Which of the two kernels a caller wants from a result that holds both.</summary>
public enum KernelKind
{
    Rntk,
    Nngp,
}
