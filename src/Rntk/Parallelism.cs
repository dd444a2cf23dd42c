using System.Runtime.ExceptionServices;

namespace Rntk;

/// <summary>Parallel loops that surface the first error itself rather than an AggregateException.</summary>
internal static class Parallelism
{
    /// <summary>
    /// Parallel.For over [from, to) on up to <paramref name="maxDegree"/> threads (null: all cores). If bodies throw,
    /// the loop stops and the exception of the lowest failing index seen is rethrown as is, so messages such as
    /// "sequence 12 …" reach the user unchanged.
    /// </summary>
    public static void For(int from, int to, int? maxDegree, Action<int> body, CancellationToken ct = default)
    {
        var errors = new System.Collections.Concurrent.ConcurrentDictionary<int, Exception>();
        var po = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = maxDegree ?? -1 };
        Parallel.For(from, to, po, (i, state) =>
        {
            try { body(i); }
            catch (Exception e)
            {
                errors[i] = e;
                state.Stop();
            }
        });
        if (!errors.IsEmpty) ExceptionDispatchInfo.Capture(errors[errors.Keys.Min()]).Throw();
    }
}
