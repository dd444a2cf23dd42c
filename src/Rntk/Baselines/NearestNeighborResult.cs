namespace Rntk.Baselines;

/// <summary>
/// Predictions of a 1-NN classifier on a test split: for each test series the class of its nearest training series
/// (ties go to the lowest training index), that neighbour's index and the distance to it.
/// </summary>
public sealed record NearestNeighborResult(int[] Predictions, int[] Neighbors, double[] Distances, int Errors, TimeSpan Elapsed)
{
    public int Count => Predictions.Length;
    public double ErrorRate => Count == 0 ? 0 : (double)Errors / Count;
    public double Accuracy => 1 - ErrorRate;
}
