namespace Rntk.Experiments;

/// <summary>
/// One method's outcome on a train/test pair (<see cref="ExperimentRunner.Classify"/>): its result row (chosen
/// hyper-parameters, CV accuracy, test accuracy or NaN without test labels) and its predicted class per test item.
/// </summary>
public sealed record MethodPredictions(ResultRow Result, int[] Predictions)
{
    public string Method => Result.Method;
}
