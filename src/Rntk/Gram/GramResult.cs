using Rntk.Kernels;

namespace Rntk.Gram;

/// <summary>Both Gram matrices from one pass, and how they were computed.</summary>
public sealed record GramResult(KernelMatrix Rntk, KernelMatrix Nngp, string Engine, TimeSpan Elapsed)
{
    public KernelMatrix Get(KernelKind kind) => kind == KernelKind.Rntk ? Rntk : Nngp;
}

/// <summary>Progress of a Gram computation: pairs done out of the total.</summary>
public readonly record struct GramProgress(long PairsDone, long PairsTotal)
{
    public double Fraction => PairsTotal == 0 ? 1 : (double)PairsDone / PairsTotal;
}
