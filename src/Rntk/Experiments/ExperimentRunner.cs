using System.Diagnostics;
using Rntk.Baselines;
using Rntk.Data;
using Rntk.Gram;
using Rntk.Kernels;
using Rntk.Learning;

namespace Rntk.Experiments;

/// <summary>
/// The benchmark protocol: for each dataset and method, choose hyper-parameters by stratified k-fold cross-validation
/// on the training split, refit on the whole training split, and score the test split (<see cref="ResultRow"/>).
/// With a results file, every finished (dataset, method) is appended atomically and rows already present (same
/// dataset, method, grid and options) are skipped, so a killed run resumes where it stopped.
/// </summary>
/// <example>
/// <code>
/// var runner = new ExperimentRunner(new ExperimentOptions { Grid = ExperimentGrid.Quick });
/// var rows = runner.Run(["GunPoint", "ECGFiveDays"], ["rntk", "nngp", "rbf", "dtw1nn"], dataDir: null, resultsCsv: "results.csv");
/// var summary = ResultSummary.Compute(rows, ["rntk", "nngp", "rbf", "dtw1nn"]);
/// </code>
/// </example>
public sealed class ExperimentRunner
{
    /// <summary>Every method name, in the order tables list them.</summary>
    public static IReadOnlyList<string> AllMethods { get; } =
        ["rntk", "nngp", "rntk-norm", "nngp-norm", "rntk-avg", "nngp-avg", "rntk-bi", "nngp-bi", "rntk-bi-avg", "nngp-bi-avg",
         "ntk", "fc-nngp", "rbf", "poly", "linear", "ed1nn", "dtw1nn"];

    /// <summary>
    /// The methods run when none are named. The normalised recurrent kernels are in (they rescale the Grams of rntk and
    /// nngp: no extra Gram pass); the average-pooling ones are not (O(T·T′) per pair instead of O(min(T, T′))), nor the
    /// bidirectional ones (a second Gram pass), nor the two together, nor fc-nngp.
    /// </summary>
    public static IReadOnlyList<string> DefaultMethods { get; } =
        ["rntk", "nngp", "rntk-norm", "nngp-norm", "ntk", "rbf", "poly", "linear", "ed1nn", "dtw1nn"];

    /// <summary>The result parameter counting SVM fits stopped at the iteration cap (present only when non-zero).</summary>
    public const string UnconvergedFitsKey = "unconverged_fits";

    public ExperimentOptions Options { get; }

    public ExperimentRunner(ExperimentOptions? options = null)
    {
        Options = options ?? new ExperimentOptions();
        Options.Validate();
    }

    /// <summary>
    /// Runs <paramref name="methods"/> on <paramref name="datasets"/> (loaded from <paramref name="dataDir"/>, see
    /// <see cref="UcrArchive.ResolveDataDir"/>). Returns the rows of the requested (dataset, method) pairs, those found in
    /// <paramref name="resultsCsv"/> and those computed now; <paramref name="onResult"/> sees each as it is known
    /// (the flag says it was already in the file). <paramref name="estimates"/>: <see cref="Estimate"/>'s result for the
    /// same arguments when the caller already has it (computing it loads every dataset); null: computed here when
    /// <paramref name="progress"/> is given.
    /// </summary>
    public List<ResultRow> Run(
        IReadOnlyList<string> datasets, IReadOnlyList<string> methods, string? dataDir = null, string? resultsCsv = null,
        IProgress<ExperimentProgress>? progress = null, Action<ResultRow, bool>? onResult = null, CancellationToken cancellationToken = default,
        IReadOnlyList<WorkEstimate?>? estimates = null)
    {
        CheckMethods(methods);
        if (estimates is not null && estimates.Count != datasets.Count)
            throw new ArgumentException($"{estimates.Count} estimates for {datasets.Count} datasets.", nameof(estimates));
        var existing = resultsCsv is null ? [] : ResultsCsv.Read(resultsCsv).Rows;
        var done = existing.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Last());
        var result = new List<ResultRow>();
        List<string> Pending(string name) => methods.Where(m => !done.ContainsKey((name, m, Options.Grid.Name, Options.Tag))).ToList();
        // Progress counts estimated seconds (WorkEstimate), not datasets or candidates: work differs by orders of
        // magnitude between datasets and methods. Estimating loads each pending dataset once more, before the run (so a
        // dataset that fails to load stops the run before hours of work, not after).
        var plan = progress is null ? null : estimates ?? datasets.Select(name => EstimateOne(name, Pending(name), dataDir)).ToArray();
        double total = plan?.Sum(e => e?.Seconds ?? 0) ?? 0, before = 0;
        var shown = new RunProgress();
        for (int d = 0; d < datasets.Count; d++)
        {
            string name = datasets[d];
            var pending = Pending(name);
            foreach (var m in methods.Except(pending))
            {
                var row = done[(name, m, Options.Grid.Name, Options.Tag)];
                result.Add(row);
                onResult?.Invoke(row, true);
            }
            if (pending.Count == 0) continue;
            var (train, test) = UcrArchive.Load(name, dataDir, Options.Load);
            var p = progress is null ? null : new Progress(progress, shown, name, d, datasets.Count, plan![d], before, total);
            if (plan is not null) before += plan[d]?.Seconds ?? 0;
            RunDataset(train, test, pending, p, row =>
            {
                if (resultsCsv is not null) ResultsCsv.Append(resultsCsv, row);
                result.Add(row);
                onResult?.Invoke(row, false);
            }, cancellationToken);
        }
        return result;
    }

    /// <summary>
    /// Classifies <paramref name="test"/> with each of <paramref name="methods"/>, by the protocol of <see cref="Run"/>
    /// (hyper-parameters by cross-validation on <paramref name="train"/>, refit, predict): your own data, loaded e.g. with
    /// <see cref="UcrArchive.ReadFile"/> and <see cref="UcrArchive.Build"/>. Test labels are optional: where any is
    /// negative (unknown), the rows' test accuracy is NaN. Predictions are classes of <paramref name="train"/>
    /// (<see cref="LabeledDataset.ClassNames"/> gives their labels), in test order, one array per method.
    /// </summary>
    public List<MethodPredictions> Classify(
        LabeledDataset train, LabeledDataset test, IReadOnlyList<string> methods, IProgress<ExperimentProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        CheckMethods(methods);
        if (!train.ClassNames.SequenceEqual(test.ClassNames))
            throw new ArgumentException("Train and test use different class mappings; build them together (UcrArchive.Build).");
        bool labelled = test.Labels.All(l => l >= 0);
        var estimate = progress is null ? null : WorkEstimate.For(train, test, methods, Options);
        var p = estimate is null ? null : new Progress(progress!, new RunProgress(), train.Name, 0, 1, estimate, 0, estimate.Seconds);
        var rows = new Dictionary<string, ResultRow>();
        var predictions = new Dictionary<string, int[]>();
        RunDataset(train, test, methods, p, row => rows[row.Method] = labelled ? row : row with { TestAccuracy = double.NaN },
                   cancellationToken, (m, pred) => predictions[m] = pred);
        return methods.Select(m => new MethodPredictions(rows[m], predictions[m])).ToList();
    }

    /// <summary>
    /// Runs the methods on one loaded dataset; <paramref name="onResult"/> receives each row when its method finishes,
    /// <paramref name="onPredictions"/> the method's predicted test classes.
    /// </summary>
    public void RunDataset(
        LabeledDataset train, LabeledDataset test, IReadOnlyList<string> methods, IProgress<(string Method, int Candidate, int Candidates, double Fraction)>? progress,
        Action<ResultRow> onResult, CancellationToken ct = default, Action<string, int[]>? onPredictions = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        CheckMethods(methods);
        var grid = Options.Grid;
        var values = grid.ClassifierGrid(Options.Classifier);
        IKernelClassifier classifier = Options.Classifier == "svm"
            ? new SupportVectorClassifier(new SvmParameters(epsilon: Options.SvmEpsilon, maxIterations: Options.SvmMaxIterations))
            : new KernelRidgeClassifier();
        int folds = Math.Min(Options.Folds, train.Count);
        var (trainRows, testRows) = StackedGram.Rows(train.Count, test.Count);
        GridSearch<KeyValuePair<string, object>[]> NewSearch() =>
            new(classifier, values, trainRows, train.Labels, folds, Options.Seed, Options.MaxDegreeOfParallelism);
        ResultRow Row(string method, string parameters, double cv, double acc, double seconds, int candidates) =>
            new(train.Name, method, grid.Name, Options.Tag, parameters, cv, acc, seconds, train.Count, test.Count, train.ClassCount, candidates);
        ResultRow Finish(string method, GridSearch<KeyValuePair<string, object>[]> s, double seconds, int skipped)
        {
            if (s.Best is null)
                throw new KernelOverflowException($"{train.Name}: every {method} kernel of the grid overflowed (or, normalised, had a zero self value); no result.");
            var r = s.Finish(testRows, test.Labels, ct);
            onPredictions?.Invoke(method, r.TestPredictions);
            var pars = r.Kernel.Append(new(classifier.ParameterName, r.Parameter)).ToList();
            if (skipped > 0) pars.Add(new("skipped_kernels", skipped));
            // Fits stopped at the SVM's iteration cap are used as they are (libsvm warns and goes on); record how many,
            // out of candidates × folds + 1 refit, so a row built on them is visibly so.
            if (r.UnconvergedFits > 0) pars.Add(new(UnconvergedFitsKey, r.UnconvergedFits));
            if (!r.RefitConverged) pars.Add(new("refit", "unconverged"));
            return Row(method, ResultRow.FormatParameters(pars), r.CvAccuracy, r.TestAccuracy, seconds, s.Points.Count);
        }

        // The recurrent methods: one recursion gives both RNTK and NNGP Grams, so the methods with one readout share
        // each configuration's pass; the normalised ones rescale the same matrices.
        foreach (var family in RecurrentFamilies(methods))
            RunRecurrent(family.ToList(), train, test, NewSearch, Finish, progress, onResult, ct);

        int commonLength = FixedLength.CommonLength(train.Sequences, test.Sequences);
        foreach (var m in methods.Where(m => grid.Baselines.ContainsKey(m)))
        {
            var sw = Stopwatch.StartNew();
            var search = NewSearch();
            var sets = grid.Baselines[m];
            int skipped = 0;
            for (int k = 0; k < sets.Count; k++)
            {
                var kernel = BaselineKernels.Create(m, sets[k], commonLength);
                int kk = k;
                var gp = progress is null ? null : new SyncProgress<GramProgress>(g => progress.Report((m, kk, sets.Count, g.Fraction)));
                KernelMatrix stacked;
                try
                {
                    stacked = StackedGram.Stack(kernel.Gram(train.Sequences, ct, gp), kernel.Cross(test.Sequences, train.Sequences, ct));
                }
                catch (Exception e) when (IsOverflow(e))
                {
                    skipped++;
                    continue;
                }
                search.Add(sets[k], stacked, ct);
            }
            onResult(Finish(m, search, sw.Elapsed.TotalSeconds, skipped));
        }

        foreach (var m in methods.Where(m => m is "ed1nn" or "dtw1nn"))
        {
            var sw = Stopwatch.StartNew();
            var p = progress is null ? null : new SyncProgress<double>(f => progress.Report((m, 0, 1, f)));
            var nn = m == "ed1nn"
                ? OneNearestNeighbor.Euclidean(train, test, LengthPolicy.ZeroPad, p, ct, Options.MaxDegreeOfParallelism)
                : OneNearestNeighbor.Dtw(train, test, Dtw.FullWindow, p, ct, Options.MaxDegreeOfParallelism);
            onPredictions?.Invoke(m, nn.Predictions);
            // 1-NN has nothing to select: no CV accuracy.
            onResult(Row(m, m == "dtw1nn" ? "window=full" : "", double.NaN, nn.Accuracy, sw.Elapsed.TotalSeconds, 1));
        }
    }

    /// <summary>
    /// The recurrent methods of one readout: one Gram pass (train Gram and test × train cross Gram) per configuration
    /// of the grid feeds every method's grid search; the normalised ones also take the test items' self values, O(m·T)
    /// (O(m·T²) with average pooling), never a test × test Gram. A configuration that overflows is skipped for all of
    /// them; one where a self value is zero (an all-zero series, e.g. a z-normalised constant one, with σb = σh = 0)
    /// only for the normalised ones, whose kernel is undefined there. Both count in skipped_kernels.
    /// </summary>
    private void RunRecurrent(
        List<RecurrentMethod> family, LabeledDataset train, LabeledDataset test, Func<GridSearch<KeyValuePair<string, object>[]>> newSearch,
        Func<string, GridSearch<KeyValuePair<string, object>[]>, double, int, ResultRow> finish,
        IProgress<(string Method, int Candidate, int Candidates, double Fraction)>? progress, Action<ResultRow> onResult, CancellationToken ct)
    {
        var grid = Options.Grid;
        var searches = family.ToDictionary(m => m.Name, _ => newSearch());
        var cvSeconds = family.ToDictionary(m => m.Name, _ => 0.0);
        var skipped = family.ToDictionary(m => m.Name, _ => 0);
        double gramSeconds = 0;
        bool normalised = family.Any(m => m.Normalized);
        string label = FamilyLabel(family);
        int count = grid.Recurrent.Count;
        for (int k = 0; k < count; k++)
        {
            var cfg = family[0].Configure(grid.Recurrent[k]);
            var sw = Stopwatch.StartNew();
            var kernel = new RntkKernel(cfg);
            int kk = k;
            var gp = progress is null ? null : new SyncProgress<GramProgress>(g => progress.Report((label, kk, count, 0.5 * g.Fraction)));
            var gp2 = progress is null ? null : new SyncProgress<GramProgress>(g => progress.Report((label, kk, count, 0.5 + 0.5 * g.Fraction)));
            GramResult g, c;
            KernelValue[]? testSelf = null;
            try
            {
                g = kernel.Gram(train.Sequences, Options.Gram, gp, ct);
                c = kernel.CrossGram(test.Sequences, train.Sequences, Options.Gram, gp2, ct);
                if (normalised) testSelf = kernel.SelfValues(test.Sequences, Options.Gram, ct);
            }
            catch (Exception e) when (IsOverflow(e))
            {
                foreach (var m in family) skipped[m.Name]++;
                continue;
            }
            gramSeconds += sw.Elapsed.TotalSeconds;
            foreach (var m in family)
            {
                var cv = Stopwatch.StartNew();
                KernelMatrix trainGram = g.Get(m.Kind), cross = c.Get(m.Kind);
                if (m.Normalized)
                {
                    var trainSelf = KernelNormalization.Diagonal(trainGram);
                    var crossSelf = testSelf!.Select(v => m.Kind == KernelKind.Rntk ? v.Rntk : v.Nngp).ToArray();
                    if (!trainSelf.All(IsPositive) || !crossSelf.All(IsPositive))
                    {
                        skipped[m.Name]++;
                        continue;
                    }
                    cross = KernelNormalization.Cosine(cross, crossSelf, trainSelf, "test item", "training item");
                    trainGram = KernelNormalization.Cosine(trainGram, "training item");
                }
                searches[m.Name].Add(ExperimentGrid.Describe(cfg), StackedGram.Stack(trainGram, cross), ct);
                cvSeconds[m.Name] += cv.Elapsed.TotalSeconds;
            }
        }
        foreach (var m in family)
        {
            var cv = Stopwatch.StartNew();
            var row = finish(m.Name, searches[m.Name], 0, skipped[m.Name]);
            onResult(row with { Seconds = gramSeconds + cvSeconds[m.Name] + cv.Elapsed.TotalSeconds });
        }
    }

    /// <summary>The recurrent methods among <paramref name="methods"/>, grouped by readout and direction: each group shares one Gram pass per configuration.</summary>
    internal static IEnumerable<IGrouping<(Readout, Direction), RecurrentMethod>> RecurrentFamilies(IEnumerable<string> methods) =>
        methods.Select(RecurrentMethod.Find).OfType<RecurrentMethod>().GroupBy(r => (r.Readout, r.Direction));

    /// <summary>How progress names a family's shared pass, e.g. "rntk+nngp".</summary>
    internal static string FamilyLabel(IEnumerable<RecurrentMethod> family) => string.Join("+", family.Select(m => m.Name));

    private static bool IsPositive(double v) => v > 0 && double.IsFinite(v);

    private static bool IsOverflow(Exception e) =>
        e is KernelOverflowException || (e is AggregateException ae && ae.Flatten().InnerExceptions.All(x => x is KernelOverflowException));

    private static void CheckMethods(IReadOnlyList<string> methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        if (methods.Count == 0) throw new ArgumentException("No methods to run.");
        foreach (var m in methods)
            if (!AllMethods.Contains(m))
                throw new ArgumentException($"Unknown method '{m}': use {string.Join(", ", AllMethods)}.");
        var dup = methods.GroupBy(m => m).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ArgumentException($"Method '{dup.Key}' is listed twice.");
    }

    /// <summary>Reports on the caller's thread (System.Progress would post to the thread pool and reorder reports).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    /// <summary>
    /// What <see cref="Run"/> would cost: per dataset, the <see cref="WorkEstimate"/> of the methods not yet in
    /// <paramref name="resultsCsv"/>, or null when all are. Loads every dataset.
    /// </summary>
    public IReadOnlyList<WorkEstimate?> Estimate(IReadOnlyList<string> datasets, IReadOnlyList<string> methods, string? dataDir = null, string? resultsCsv = null)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        CheckMethods(methods);
        var done = (resultsCsv is null ? [] : ResultsCsv.Read(resultsCsv).Rows).Select(r => r.Key).ToHashSet();
        return datasets.Select(name => EstimateOne(name, methods.Where(m => !done.Contains((name, m, Options.Grid.Name, Options.Tag))).ToList(), dataDir)).ToArray();
    }

    private WorkEstimate? EstimateOne(string name, IReadOnlyList<string> methods, string? dataDir)
    {
        if (methods.Count == 0) return null;
        var (train, test) = UcrArchive.Load(name, dataDir, Options.Load);
        return WorkEstimate.For(train, test, methods, Options);
    }

    /// <summary>The share of a run reported so far; one per run, so that no report goes below an earlier one.</summary>
    private sealed class RunProgress
    {
        public readonly object Gate = new();
        public double Overall;
    }

    /// <summary>One dataset's reports, placed in the whole run by estimated seconds: <paramref name="before"/> of <paramref name="total"/> precede it.</summary>
    private sealed class Progress(
        IProgress<ExperimentProgress> outer, RunProgress shown, string dataset, int index, int count, WorkEstimate? estimate, double before, double total)
        : IProgress<(string Method, int Candidate, int Candidates, double Fraction)>
    {
        public void Report((string Method, int Candidate, int Candidates, double Fraction) v)
        {
            // Gram tiles finish on several threads and their reports can arrive out of order: keep the share monotone.
            double done = before + (estimate?.Done(v.Method, v.Candidate, v.Fraction) ?? 0);
            double overall = total > 0 ? Math.Clamp(done / total, 0, 1) : 1;
            lock (shown.Gate)
            {
                shown.Overall = Math.Max(shown.Overall, overall);
                outer.Report(new ExperimentProgress(dataset, index, count, v.Method, v.Candidate, v.Candidates, v.Fraction, shown.Overall));
            }
        }
    }
}
