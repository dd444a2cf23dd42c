namespace Rntk.Learning;

/// <summary>
/// Stratified k-fold splits: each class's points are shuffled (seeded) and dealt round-robin to the folds, the deal
/// continuing from class to class, so every fold holds ⌊n_c/k⌋ or ⌈n_c/k⌉ points of class c and the fold sizes differ
/// by at most one. The same labels, k and seed always give the same folds.
/// </summary>
public static class StratifiedKFold
{
    /// <summary>
    /// The validation positions (indices into <paramref name="labels"/>) of each of <paramref name="folds"/> folds, each sorted.
    /// </summary>
    public static int[][] Split(IReadOnlyList<int> labels, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (folds < 2) throw new ArgumentException($"Cross-validation needs at least 2 folds (got {folds}).", nameof(folds));
        if (folds > labels.Count)
            throw new ArgumentException($"{folds} folds cannot be made from {labels.Count} training points.", nameof(folds));
        var rng = new Random(seed);
        var byClass = new List<List<int>>();
        var index = new Dictionary<int, int>();
        for (int i = 0; i < labels.Count; i++)
        {
            if (!index.TryGetValue(labels[i], out int c))
            {
                c = byClass.Count;
                index[labels[i]] = c;
                byClass.Add([]);
            }
            byClass[c].Add(i);
        }
        var result = new List<int>[folds];
        for (int f = 0; f < folds; f++) result[f] = [];
        int next = 0;
        foreach (var members in byClass)
        {
            var shuffled = members.ToArray();
            rng.Shuffle(shuffled);
            foreach (int i in shuffled)
            {
                result[next].Add(i);
                next = (next + 1) % folds;
            }
        }
        return result.Select(f => { f.Sort(); return f.ToArray(); }).ToArray();
    }

    /// <summary>The training positions of fold <paramref name="fold"/>: every position not in its validation set, in order.</summary>
    public static int[] TrainingPositions(int[][] folds, int fold, int count)
    {
        var inFold = new bool[count];
        foreach (int i in folds[fold]) inFold[i] = true;
        var train = new int[count - folds[fold].Length];
        int k = 0;
        for (int i = 0; i < count; i++)
            if (!inFold[i]) train[k++] = i;
        return train;
    }
}
