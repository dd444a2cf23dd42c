namespace Rntk.Experiments;

// Compiled only while src/Rntk/Baselines/ClassicalKernels.cs (the data branch's linear/poly/RBF/feed-forward kernels) is
// absent from the checkout (see Rntk.csproj), so the library builds in every merge order; BaselineKernels.cs replaces it
// as soon as those kernels are there. The recurrent kernels and the 1-NN baselines never depend on it.
/// <summary>The baseline kernels of the protocol (not available in this build: the kernel classes are missing).</summary>
public static class BaselineKernels
{
    public static Baselines.ISequenceKernel Create(string method, IReadOnlyList<KeyValuePair<string, object>> parameters, int commonLength) =>
        throw new NotSupportedException(
            $"The '{method}' baseline needs Rntk.Baselines' classical and feed-forward kernels, which this build lacks; " +
            "run the recurrent kernels and ed1nn/dtw1nn, or build a checkout that includes them.");
}
