using Rntk.Data;
using Rntk.Kernels;

namespace Rntk.Experiments;

/// <summary>
/// How long the benchmark protocol (<see cref="ExperimentRunner"/>) should take on one dataset: a rough number of
/// seconds for every step it runs (one kernel configuration of one method, or one 1-NN pass), so that the progress of
/// a long run weighs each dataset and step by its cost, <c>rntk ucr --order cost</c> sorts by it and
/// <c>rntk ucr --estimate</c> plans with it.
/// </summary>
/// <remarks>
/// <para>Why a model: the archive's datasets differ by five orders of magnitude in work, and methods differ in how work
/// grows with the length T — average pooling and DTW visit every cell of the T×T′ grid, the others one step per time
/// step. Counting datasets and candidates equally, the ETA of a 30-dataset average-pooling run said 9 minutes for a
/// run of 47.</para>
/// <para>The terms are the algorithms' own counts; the coefficients are seconds per unit, fitted (least squares on
/// relative error) to the <c>seconds</c> of data/results/ucr-paper-svm.csv, measured on a 2-core x64 machine with
/// the SIMD engine (rntk-norm, rntk-bi: all 81 datasets; rntk-avg: 32). They predict those methods within a factor
/// of 2 on 88–98 % of the datasets and their sums within 11 %; the
/// baselines' time is dominated by how fast SMO converges, which no size model sees, so for them this is a floor.
/// Only the ratios matter to progress and to the cost order, and a live ETA (elapsed × left / done) rescales to the
/// machine it runs on.</para>
/// </remarks>
public sealed class WorkEstimate
{
    /// <summary>Seconds per pair × time step × layer of a last-step RNTK/NNGP Gram (both kernels in one pass).</summary>
    public const double RecurrentStep = 2.5e-9;
    /// <summary>Seconds per pair × cell of the T×T′ grid × layer of an average-pooling Gram.</summary>
    public const double AveragePoolingCell = 2.2e-9;
    /// <summary>Seconds per pair × vector entry of a baseline kernel (RBF, polynomial, linear, feed-forward NTK/NNGP).</summary>
    public const double BaselineEntry = 0.15e-9;
    /// <summary>Seconds per (training points)² of one SVM fit (SMO on a precomputed kernel).</summary>
    public const double SvmFit = 17e-9;
    /// <summary>Seconds of every classifier fit whatever its size (setting up, predicting the held-out fold).</summary>
    public const double FitOverhead = 200e-6;
    /// <summary>Seconds per (training points)³ of one kernel ridge fit (Cholesky).</summary>
    public const double RidgeFit = 0.1e-9;
    /// <summary>Seconds per test × training pair × vector entry of 1-NN Euclidean.</summary>
    public const double EuclideanEntry = 0.2e-9;
    /// <summary>Seconds per test × training pair × cell of full-window DTW.</summary>
    public const double DtwCell = 1e-9;

    /// <summary>One step as the runner reports it: its label (a method, or recurrent methods joined by '+') and the seconds of each candidate.</summary>
    public sealed record Step(string Label, IReadOnlyList<double> CandidateSeconds)
    {
        public double Seconds => CandidateSeconds.Sum();
    }

    public string Dataset { get; }
    /// <summary>The steps in the order the runner takes them.</summary>
    public IReadOnlyList<Step> Steps { get; }
    /// <summary>Estimated seconds for the whole dataset, on the machine the coefficients were fitted on.</summary>
    public double Seconds => Steps.Sum(s => s.Seconds);

    private WorkEstimate(string dataset, IReadOnlyList<Step> steps)
    {
        Dataset = dataset;
        Steps = steps;
    }

    /// <summary>The estimate for running <paramref name="methods"/> on a loaded dataset with <paramref name="options"/>.</summary>
    public static WorkEstimate For(LabeledDataset train, LabeledDataset test, IReadOnlyList<string> methods, ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(options);
        double n = train.Count, m = test.Count;
        double tTrain = train.Sequences.Average(s => (double)s.Length), tTest = test.Count == 0 ? tTrain : test.Sequences.Average(s => (double)s.Length);
        double common = Math.Max(train.MaxLength, test.Count == 0 ? 0 : test.MaxLength);
        double trainPairs = n * (n + 1) / 2, crossPairs = m * n;
        var grid = options.Grid;

        // One classifier's grid search: every parameter value fitted on each fold's share of the training set, then the
        // chosen one refitted on all of it.
        int folds = Math.Max(2, Math.Min(options.Folds, train.Count));
        double fold = n * (folds - 1) / folds;
        double Fits(Func<double, double> fit) => grid.ClassifierGrid(options.Classifier).Count * folds * (FitOverhead + fit(fold)) + FitOverhead + fit(n);
        double selection = options.Classifier == "krr" ? Fits(k => RidgeFit * k * k * k) : Fits(k => SvmFit * k * k);

        var steps = new List<Step>();
        foreach (var family in ExperimentRunner.RecurrentFamilies(methods))
        {
            // Last step: min(T, T′) steps per pair (end-aligned); average pooling: all T·T′ cells, summed in closed form
            // over the pairs as the mean lengths' product.
            var method = family.First();
            bool pooled = method.Readout == Readout.AveragePooling;
            double perLayer = pooled
                ? AveragePoolingCell * (trainPairs * tTrain * tTrain + crossPairs * tTrain * tTest)
                : RecurrentStep * (trainPairs * tTrain + crossPairs * Math.Min(tTrain, tTest));
            steps.Add(new Step(ExperimentRunner.FamilyLabel(family),
                grid.Recurrent.Select(method.Configure).Select(c => perLayer * c.Layers * (c.Direction == Direction.Bidirectional ? 2 : 1) + family.Count() * selection).ToArray()));
        }
        foreach (var b in methods.Where(grid.Baselines.ContainsKey))
            steps.Add(new Step(b, grid.Baselines[b].Select(_ => BaselineEntry * (trainPairs + crossPairs) * common + selection).ToArray()));
        foreach (var nn in methods.Where(x => x is "ed1nn" or "dtw1nn"))
            steps.Add(new Step(nn, [nn == "ed1nn" ? EuclideanEntry * crossPairs * common : DtwCell * crossPairs * tTrain * tTest]));
        return new WorkEstimate(train.Name, steps);
    }

    /// <summary>
    /// Estimated seconds done within this dataset when step <paramref name="label"/> is at candidate
    /// <paramref name="candidate"/> with <paramref name="fraction"/> of it done; steps before it count whole.
    /// An unknown label counts as nothing done.
    /// </summary>
    public double Done(string label, int candidate, double fraction)
    {
        double done = 0;
        foreach (var s in Steps)
        {
            if (s.Label != label)
            {
                done += s.Seconds;
                continue;
            }
            for (int k = 0; k < Math.Min(candidate, s.CandidateSeconds.Count); k++) done += s.CandidateSeconds[k];
            if (candidate >= 0 && candidate < s.CandidateSeconds.Count) done += Math.Clamp(fraction, 0, 1) * s.CandidateSeconds[candidate];
            return done;
        }
        return 0;
    }
}
