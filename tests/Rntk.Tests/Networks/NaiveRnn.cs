using Rntk.Data;
using Rntk.Kernels;
using Rntk.Networks;

namespace Rntk.Tests.Networks;

/// <summary>
/// docs/math.md §1 written out literally, one sequence at a time with plain loops: the oracle for the batched,
/// sorted, step-major forward pass of the library.
/// </summary>
internal static class NaiveRnn
{
    public static double Output(RecurrentNetwork net, Sequence x, int dataPoint)
    {
        var c = net.Config;
        int n = net.Width, L = c.Layers;
        double f = 0;
        for (int d = 0; d < net.Directions.Count; d++)
        {
            var p = net.Directions[d];
            var seq = d == 1 ? x.Reversed() : x;
            var h = new double[L][];
            for (int l = 0; l < L; l++) h[l] = net.InitialHiddenState(d, l, dataPoint);
            var pooled = new double[n];
            for (int t = 0; t < seq.Length; t++)
            {
                double[] input = seq.Step(t).ToArray();
                for (int l = 0; l < L; l++)
                {
                    int fanIn = input.Length;
                    var next = new double[n];
                    for (int i = 0; i < n; i++)
                    {
                        double w = 0, u = 0;
                        for (int k = 0; k < n; k++) w += p.W[l][i * n + k] * h[l][k];
                        for (int k = 0; k < fanIn; k++) u += p.U[l][i * fanIn + k] * input[k];
                        double g = c.SigmaW / Math.Sqrt(n) * w + c.SigmaU / Math.Sqrt(fanIn) * u + c.SigmaB * p.B[l][i];
                        next[i] = c.Activation.Phi(g);
                    }
                    h[l] = next;
                    input = next;
                }
                for (int i = 0; i < n; i++) pooled[i] += h[L - 1][i];
            }
            double out_ = 0;
            for (int i = 0; i < n; i++)
            {
                double r = c.Readout == Readout.LastStep ? h[L - 1][i] : pooled[i] / seq.Length;
                out_ += p.V[i] * r;
            }
            f += c.SigmaV / Math.Sqrt(n) * out_;
        }
        return f;
    }
}
