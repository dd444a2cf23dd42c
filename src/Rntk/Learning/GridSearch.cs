using Rntk.Gram;

namespace Rntk.Learning;

/// <summary>
/// Model selection over kernels × one classifier hyper-parameter by stratified k-fold cross-validation on the
/// training split: <see cref="Add"/> each kernel's Gram once (train and test stacked, or any square matrix holding
/// both), then <see cref="Finish"/> refits the best (kernel, parameter) on the whole training split and scores the test split.
/// </summary>
/// <remarks>
/// Ties in CV accuracy go to the candidate seen first (kernels in the order added, parameters in grid order), so a
/// grid listed from simple to complex prefers the simpler model. Only the best kernel's Gram is kept, so memory stays
/// at two matrices whatever the grid size. The folds are drawn once from the seed and shared by every candidate.
/// </remarks>
/// <typeparam name="TKey">What describes a kernel (e.g. its hyper-parameters).</typeparam>
public sealed class GridSearch<TKey>
{
    private readonly IKernelClassifier _classifier;
    private readonly IReadOnlyList<double> _parameters;
    private readonly int[] _trainRows, _trainLabels;
    private readonly int[][] _folds;
    private readonly int? _parallel;
    private readonly List<GridPoint<TKey>> _points = [];
    private KernelMatrix? _bestGram;
    private GridPoint<TKey>? _best;

    public GridSearch(
        IKernelClassifier classifier, IReadOnlyList<double> parameters, IReadOnlyList<int> trainRows, IReadOnlyList<int> trainLabels,
        int folds = 5, int seed = 0, int? maxDegreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0) throw new ArgumentException("The hyper-parameter grid is empty.", nameof(parameters));
        _classifier = classifier;
        _parameters = parameters.ToArray();
        _trainRows = trainRows.ToArray();
        _trainLabels = trainLabels.ToArray();
        if (_trainRows.Length != _trainLabels.Length) throw new ArgumentException($"{_trainRows.Length} training rows but {_trainLabels.Length} labels.");
        _folds = StratifiedKFold.Split(_trainLabels, folds, seed);
        _parallel = maxDegreeOfParallelism;
    }

    public IKernelClassifier Classifier => _classifier;
    /// <summary>The cross-validation folds (each candidate costs this many fits).</summary>
    public int FoldCount => _folds.Length;
    /// <summary>Every (kernel, parameter) evaluated so far with its CV accuracy, in evaluation order.</summary>
    public IReadOnlyList<GridPoint<TKey>> Points => _points;
    /// <summary>The best candidate so far (null before the first <see cref="Add"/>).</summary>
    public GridPoint<TKey>? Best => _best;

    /// <summary>Cross-validates every parameter value on <paramref name="gram"/>; keeps the Gram if it holds the new best.</summary>
    public void Add(TKey kernel, KernelMatrix gram, CancellationToken cancellationToken = default)
    {
        var scores = CrossValidation.Run(_classifier, gram, _trainRows, _trainLabels, _parameters, _folds, _parallel, cancellationToken);
        var acc = scores.Accuracy;
        for (int p = 0; p < acc.Length; p++)
        {
            var point = new GridPoint<TKey>(kernel, _parameters[p], acc[p], scores.UnconvergedFits[p]);
            _points.Add(point);
            if (_best is null || point.CvAccuracy > _best.CvAccuracy)
            {
                _best = point;
                _bestGram = gram;
            }
        }
    }

    /// <summary>Refits the best candidate on all training points and predicts <paramref name="testRows"/> of its Gram.</summary>
    public GridSearchResult<TKey> Finish(IReadOnlyList<int> testRows, IReadOnlyList<int> testLabels, CancellationToken cancellationToken = default)
    {
        if (_best is null || _bestGram is null) throw new InvalidOperationException("No kernel was added to the grid search.");
        var model = _classifier.Fit(_bestGram, _trainRows, _trainLabels, _best.Parameter, cancellationToken);
        var pred = model.Predict(_bestGram, testRows);
        return new GridSearchResult<TKey>(_best.Kernel, _best.Parameter, _best.CvAccuracy, CrossValidation.Accuracy(pred, testLabels), pred, _points,
            model.Converged);
    }
}

/// <summary>
/// One candidate of a grid search, its cross-validation accuracy, and how many of its fold fits stopped at the
/// solver's iteration cap (scored as they are).
/// </summary>
public sealed record GridPoint<TKey>(TKey Kernel, double Parameter, double CvAccuracy, int UnconvergedFits = 0);

/// <summary>
/// The chosen candidate, its CV accuracy, its test accuracy and predictions, the whole grid's CV accuracies, and
/// whether the refit of the chosen candidate converged.
/// </summary>
public sealed record GridSearchResult<TKey>(
    TKey Kernel, double Parameter, double CvAccuracy, double TestAccuracy, int[] TestPredictions, IReadOnlyList<GridPoint<TKey>> Points,
    bool RefitConverged = true)
{
    /// <summary>Fits that stopped at the iteration cap: those of cross-validation and the final refit.</summary>
    public int UnconvergedFits => Points.Sum(p => p.UnconvergedFits) + (RefitConverged ? 0 : 1);
}
