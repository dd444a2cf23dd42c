using Rntk.Kernels;

namespace Rntk.Experiments;

/// <summary>
/// A recurrent-kernel method of the benchmark: which readout's Gram pass it reads, which of the pass's two kernels
/// (RNTK or NNGP), and whether it is cosine-normalised (<see cref="Gram.KernelNormalization"/>). Methods with the same
/// readout and direction share one Gram pass per configuration of the grid; normalising costs only the test items'
/// self values.
/// </summary>
/// <param name="Name">The method's name in results and on the command line.</param>
/// <param name="Readout">The readout of every configuration of the grid for this method (the grid lists last-step ones).</param>
/// <param name="Kind">Which kernel of the pass.</param>
/// <param name="Normalized">K(x, y) / √(K(x, x)·K(y, y)) instead of K.</param>
/// <param name="Direction">Forward, or bidirectional (a second RNN reads the reversed sequence; docs/math.md §5).</param>
public sealed record RecurrentMethod(string Name, Readout Readout, KernelKind Kind, bool Normalized, Direction Direction = Direction.Forward)
{
    /// <summary>Every recurrent method, in the order tables list them.</summary>
    public static IReadOnlyList<RecurrentMethod> All { get; } =
    [
        new("rntk", Readout.LastStep, KernelKind.Rntk, false),
        new("nngp", Readout.LastStep, KernelKind.Nngp, false),
        new("rntk-norm", Readout.LastStep, KernelKind.Rntk, true),
        new("nngp-norm", Readout.LastStep, KernelKind.Nngp, true),
        // Average pooling reads every cell of the T×T′ grid: O(T·T′) per pair instead of O(min(T, T′)) (docs/math.md §5).
        new("rntk-avg", Readout.AveragePooling, KernelKind.Rntk, false),
        new("nngp-avg", Readout.AveragePooling, KernelKind.Nngp, false),
        // P2's bidirectional kernel: Θ(x, x′) + Θ(reversed x, reversed x′), the second term aligning the series' starts;
        // twice the Gram work of rntk.
        new("rntk-bi", Readout.LastStep, KernelKind.Rntk, false, Direction.Bidirectional),
        new("nngp-bi", Readout.LastStep, KernelKind.Nngp, false, Direction.Bidirectional),
        // Both of P2's extensions at once: each direction's network pooled over every step, the two readouts added
        // (average-pooled Θ(x, x′) + average-pooled Θ(reversed x, reversed x′)); twice rntk-avg's Gram work.
        new("rntk-bi-avg", Readout.AveragePooling, KernelKind.Rntk, false, Direction.Bidirectional),
        new("nngp-bi-avg", Readout.AveragePooling, KernelKind.Nngp, false, Direction.Bidirectional),
    ];

    /// <summary>The recurrent method called <paramref name="name"/>, or null for any other method.</summary>
    public static RecurrentMethod? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    /// <summary>The grid's configuration with this method's readout and direction.</summary>
    public KernelConfig Configure(KernelConfig gridConfig) =>
        gridConfig.Readout == Readout && gridConfig.Direction == Direction ? gridConfig : gridConfig.With(readout: Readout, direction: Direction);
}
