using Rntk.Baselines;
using Rntk.Kernels;

namespace Rntk.Experiments;

/// <summary>The baseline kernels of the protocol, built from a grid's parameter set (<see cref="ExperimentGrid.Baselines"/>).</summary>
public static class BaselineKernels
{
    /// <summary>
    /// The kernel of <paramref name="method"/> with <paramref name="parameters"/>; variable-length data are zero-padded at
    /// the end to <paramref name="commonLength"/> (the longest series of train and test).
    /// </summary>
    public static ISequenceKernel Create(string method, IReadOnlyList<KeyValuePair<string, object>> parameters, int commonLength)
    {
        var p = parameters.ToDictionary(kv => kv.Key, kv => Convert.ToDouble(kv.Value, System.Globalization.CultureInfo.InvariantCulture));
        double Get(string key) => p.TryGetValue(key, out var v) ? v
            : throw new ArgumentException($"The {method} grid lacks the parameter '{key}'.");
        DotProductKernel k = method switch
        {
            "linear" => new LinearKernel { Length = commonLength },
            "poly" => new PolynomialKernel((int)Get("degree"), Get("gamma"), Get("coef0")) { Length = commonLength },
            "rbf" => new RbfKernel(Get("gamma")) { Length = commonLength },
            "ntk" => new FullyConnectedKernel((int)Get("L"), Get("sigma_w"), Get("sigma_b"), kind: KernelKind.Rntk) { Length = commonLength },
            "fc-nngp" => new FullyConnectedKernel((int)Get("L"), Get("sigma_w"), Get("sigma_b"), kind: KernelKind.Nngp) { Length = commonLength },
            _ => throw new ArgumentException($"'{method}' is not a baseline kernel method."),
        };
        return k;
    }
}
