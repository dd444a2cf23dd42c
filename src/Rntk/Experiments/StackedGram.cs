using Rntk.Gram;

namespace Rntk.Experiments;

/// <summary>
/// The train Gram (n × n) with the test × train cross Gram (m × n) below it: one (n + m) × n matrix in which training
/// points are rows/columns 0..n−1 and test points rows n..n+m−1. It costs n²/2 + m·n kernel pairs instead of the
/// (n + m)²/2 of a Gram over both splits (the test × test block is never needed), and folds and the test split are
/// index lists into it.
/// </summary>
public static class StackedGram
{
    public static KernelMatrix Stack(KernelMatrix trainGram, KernelMatrix testCross)
    {
        ArgumentNullException.ThrowIfNull(trainGram);
        ArgumentNullException.ThrowIfNull(testCross);
        if (trainGram.Rows != trainGram.Columns)
            throw new ArgumentException($"The train Gram must be square (got {trainGram.Rows}×{trainGram.Columns}).", nameof(trainGram));
        if (testCross.Columns != trainGram.Columns)
            throw new ArgumentException($"The cross Gram has {testCross.Columns} columns; the train Gram has {trainGram.Columns}.", nameof(testCross));
        var data = new double[trainGram.Data.Length + testCross.Data.Length];
        trainGram.Data.CopyTo(data, 0);
        testCross.Data.CopyTo(data, trainGram.Data.Length);
        return new KernelMatrix(trainGram.Rows + testCross.Rows, trainGram.Columns, data);
    }

    /// <summary>Rows of the training points (0..n−1) and of the test points (n..n+m−1).</summary>
    public static (int[] Train, int[] Test) Rows(int train, int test) =>
        (Enumerable.Range(0, train).ToArray(), Enumerable.Range(train, test).ToArray());
}
