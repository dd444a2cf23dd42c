using Rntk.Gram;

namespace Rntk.Learning;

/// <summary>
/// A trained one-vs-one C-SVC, laid out as libsvm's model: class <see cref="Labels"/> in libsvm's order, support
/// vectors grouped by class (training order within a class), <see cref="SupportVectorCounts"/> (nSV) and the
/// (classes − 1) × SVs coefficient table <see cref="SupportVectorCoefficients"/> (sv_coef), one <see cref="Rho"/> per pair.
/// </summary>
public sealed class SvmModel : IKernelModel
{
    /// <summary>The distinct training labels in libsvm's class order.</summary>
    public IReadOnlyList<int> Labels { get; }
    public IReadOnlyList<int> TrainingRows { get; }
    /// <summary>The binary machines in libsvm's order: (0,1), (0,2), …, (1,2), …</summary>
    public IReadOnlyList<BinarySvm> Machines { get; }
    public SvmParameters Parameters { get; }
    /// <summary>Training positions (0-based, into the training list) of the support vectors, in libsvm's SV order.</summary>
    public IReadOnlyList<int> SupportVectors { get; }
    /// <summary>Support vectors per class (libsvm's nSV).</summary>
    public IReadOnlyList<int> SupportVectorCounts { get; }
    /// <summary>libsvm's sv_coef: [classes − 1][support vectors].</summary>
    public double[][] SupportVectorCoefficients { get; }
    /// <summary>True when every binary machine met the stopping tolerance before the iteration cap.</summary>
    public bool Converged => Machines.All(m => m.Solution.Converged);
    /// <summary>The bias of each machine, in <see cref="Machines"/> order.</summary>
    public IReadOnlyList<double> Rho => Machines.Select(m => m.Solution.Rho).ToArray();

    internal SvmModel(int[] labels, int[] trainingRows, BinarySvm[] machines, int[] perm, int[] start, int[] count, SvmParameters parameters)
    {
        Labels = labels;
        TrainingRows = trainingRows;
        Machines = machines;
        Parameters = parameters;
        int n = perm.Length, nc = labels.Length;

        // A point is a support vector if any machine gives it a non-zero coefficient (libsvm's nonzero[]).
        var nonzero = new bool[n]; // indexed by grouped position
        var groupedOf = new int[n];
        for (int g = 0; g < n; g++) groupedOf[perm[g]] = g;
        foreach (var m in machines)
            for (int k = 0; k < m.Positions.Length; k++)
                if (Math.Abs(m.Solution.Coefficients[k]) > 0) nonzero[groupedOf[m.Positions[k]]] = true;

        var nSv = new int[nc];
        var sv = new List<int>();
        var svSlot = new int[n]; // grouped position → SV column
        for (int c = 0; c < nc; c++)
            for (int k = 0; k < count[c]; k++)
                if (nonzero[start[c] + k])
                {
                    nSv[c]++;
                    svSlot[start[c] + k] = sv.Count;
                    sv.Add(perm[start[c] + k]);
                }
        SupportVectors = sv;
        SupportVectorCounts = nSv;

        // Machine (a, b): class a's coefficients go to row b−1, class b's to row a (libsvm's layout).
        var coef = new double[Math.Max(nc - 1, 0)][];
        for (int r = 0; r < coef.Length; r++) coef[r] = new double[sv.Count];
        foreach (var m in machines)
        {
            for (int k = 0; k < m.Positions.Length; k++)
            {
                int g = groupedOf[m.Positions[k]];
                if (!nonzero[g]) continue;
                bool inA = k < count[m.ClassA];
                coef[inA ? m.ClassB - 1 : m.ClassA][svSlot[g]] = m.Solution.Coefficients[k];
            }
        }
        SupportVectorCoefficients = coef;
    }

    /// <summary>The dual objective of each binary machine, in <see cref="Machines"/> order (what svm-train prints as "obj").</summary>
    public IReadOnlyList<double> Objectives => Machines.Select(m => m.Solution.Objective).ToArray();

    /// <summary>
    /// The decision values of each query against every machine ([query][machine]): Σ_k y_k α_k K(x_k, x) − ρ, positive for
    /// the machine's first class.
    /// </summary>
    public double[][] DecisionValues(KernelMatrix kernel, IReadOnlyList<int> queryRows)
    {
        KernelArgs.CheckPredict(kernel, queryRows, TrainingRows);
        var result = new double[queryRows.Count][];
        for (int q = 0; q < queryRows.Count; q++)
        {
            var row = kernel.Row(queryRows[q]);
            var dv = new double[Machines.Count];
            for (int p = 0; p < Machines.Count; p++)
            {
                var m = Machines[p];
                var coef = m.Solution.Coefficients;
                double sum = 0;
                for (int k = 0; k < coef.Length; k++)
                    if (coef[k] != 0) sum += coef[k] * row[TrainingRows[m.Positions[k]]];
                dv[p] = sum - m.Solution.Rho;
            }
            result[q] = dv;
        }
        return result;
    }

    /// <summary>Labels by one-vs-one voting; among classes with equal votes the one first in <see cref="Labels"/> wins (as libsvm).</summary>
    public int[] Predict(KernelMatrix kernel, IReadOnlyList<int> queryRows)
    {
        var dv = DecisionValues(kernel, queryRows);
        var pred = new int[dv.Length];
        var votes = new int[Labels.Count];
        for (int q = 0; q < dv.Length; q++)
        {
            Array.Clear(votes);
            for (int p = 0; p < Machines.Count; p++)
                votes[dv[q][p] > 0 ? Machines[p].ClassA : Machines[p].ClassB]++;
            int best = 0;
            for (int c = 1; c < votes.Length; c++)
                if (votes[c] > votes[best]) best = c;
            pred[q] = Labels[best];
        }
        return pred;
    }
}
