using Rntk.Data;
using Rntk.Kernels;

namespace Rntk.Networks;

/// <summary>
/// One random finite-width RNN exactly as docs/math.md §1 defines it: L layers of width n in NTK
/// parametrisation, the configured activation (any <see cref="Activation"/>: φ and φ′ are all it needs), readout,
/// direction and initial-state model. Seeded and reproducible: the same seed gives the same network whatever the
/// thread count.
/// </summary>
/// <remarks>
/// <para>Initial states h^(ℓ,0) ~ N(0, σh² I) are not trained. With <see cref="InitialState.Independent"/> every
/// data point gets its own draw, identified by an integer <c>dataPoint</c> (the index in the set for Gram
/// matrices): the same id always meets the same h0, distinct ids independent ones. With
/// <see cref="InitialState.Shared"/> one draw serves every input.</para>
/// <para>A bidirectional network holds a second stack with independent parameters (and initial states) that reads
/// the reversed sequence; the outputs add (docs/math.md §5).</para>
/// </remarks>
/// <example>
/// <code>
/// var net = RecurrentNetwork.Sample(new KernelConfig(layers: 2), width: 256, channels: 1, seed: 7);
/// double f = net.Output(Sequence.Univariate(0.5, -1, 0.25));
/// EmpiricalGram g = EmpiricalKernel.Gram(net, sequences);
/// </code>
/// </example>
public sealed class RecurrentNetwork
{
    public KernelConfig Config { get; }
    public int Width { get; }
    public int Channels { get; }
    /// <summary>The parameters of each reading direction: one, or two when bidirectional (forward, then reversed).</summary>
    public IReadOnlyList<RnnParameters> Directions { get; }
    /// <summary>The seed the initial states h^(ℓ,0) are derived from.</summary>
    public long InitialStateSeed { get; }

    /// <summary>A network with given parameters (e.g. perturbed copies for a finite-difference check).</summary>
    public RecurrentNetwork(KernelConfig config, IReadOnlyList<RnnParameters> directions, long initialStateSeed)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(directions);
        int expected = config.Direction == Direction.Bidirectional ? 2 : 1;
        if (directions.Count != expected)
            throw new ArgumentException($"A {config.Direction} network needs {expected} parameter set(s), got {directions.Count}.");
        var first = directions[0] ?? throw new ArgumentException("Parameter set 0 is null.");
        if (first.Layers != config.Layers)
            throw new ArgumentException($"The parameters have {first.Layers} layers, the configuration {config.Layers}.");
        for (int d = 1; d < directions.Count; d++) first.CheckShape(directions[d]);
        Config = config;
        Width = first.Width;
        Channels = first.Channels;
        Directions = directions.ToArray();
        InitialStateSeed = initialStateSeed;
    }

    /// <summary>Draws every parameter i.i.d. N(0, 1) from streams derived from <paramref name="seed"/>.</summary>
    public static RecurrentNetwork Sample(KernelConfig config, int width, int channels, long seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "The width must be at least 1.");
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "A network needs at least one input channel.");
        int dirs = config.Direction == Direction.Bidirectional ? 2 : 1;
        var ps = new RnnParameters[dirs];
        for (int d = 0; d < dirs; d++)
            ps[d] = RnnParameters.Sample(config.Layers, width, channels, Seeds.Derive(seed, StreamParameters, d));
        return new RecurrentNetwork(config, ps, Seeds.Derive(seed, StreamInitialState));
    }

    private const long StreamParameters = 1, StreamInitialState = 2;

    /// <summary>A copy with other parameters and the same initial states.</summary>
    public RecurrentNetwork WithParameters(IReadOnlyList<RnnParameters> directions) => new(Config, directions, InitialStateSeed);

    /// <summary>h^(ℓ,0) of direction <paramref name="direction"/> for data point <paramref name="dataPoint"/> (zero when σh = 0).</summary>
    public double[] InitialHiddenState(int direction, int layer, int dataPoint)
    {
        if ((uint)direction >= (uint)Directions.Count) throw new ArgumentOutOfRangeException(nameof(direction));
        if ((uint)layer >= (uint)Config.Layers) throw new ArgumentOutOfRangeException(nameof(layer));
        var h = new double[Width];
        if (Config.SigmaH == 0) return h;
        // One stream per (direction, data point, layer); the shared model uses the same stream for every input.
        long who = Config.InitialState == InitialState.Shared ? -1 : dataPoint;
        Seeds.FillNormal(Seeds.Derive(InitialStateSeed, direction, who, layer), h, Config.SigmaH);
        return h;
    }

    /// <summary>f(x) for data point <paramref name="dataPoint"/> (which initial state it meets).</summary>
    public double Output(Sequence x, int dataPoint = 0) => Outputs([x], [dataPoint])[0];

    /// <summary>f of every sequence of a set; sequence i is data point i unless <paramref name="dataPoints"/> says otherwise.</summary>
    public double[] Outputs(IReadOnlyList<Sequence> set, IReadOnlyList<int>? dataPoints = null, CancellationToken ct = default)
    {
        var ids = CheckSet(set, dataPoints);
        var f = new double[set.Count];
        for (int d = 0; d < Directions.Count; d++)
        {
            var tr = ForwardTrace.Run(this, d, set, ids, ct);
            for (int p = 0; p < set.Count; p++) f[tr.Order[p]] += tr.Outputs[p];
        }
        return f;
    }

    /// <summary>∂f(x)/∂θ for every trained parameter (W, U, b, V of each direction), by backpropagation through time.</summary>
    public IReadOnlyList<RnnParameters> Gradient(Sequence x, int dataPoint = 0)
    {
        var ids = CheckSet([x], [dataPoint]);
        var g = new RnnParameters[Directions.Count];
        for (int d = 0; d < g.Length; d++) g[d] = Backpropagation.Gradient(ForwardTrace.Run(this, d, [x], ids), 0);
        return g;
    }

    internal IReadOnlyList<int> CheckSet(IReadOnlyList<Sequence> set, IReadOnlyList<int>? dataPoints)
    {
        int m = SequenceSet.ValidateChannels(set, "input", Channels);
        if (m != Channels) throw new ArgumentException($"The network reads {Channels} channels, the input has {m}.");
        if (dataPoints is null) return Enumerable.Range(0, set.Count).ToArray();
        if (dataPoints.Count != set.Count)
            throw new ArgumentException($"{dataPoints.Count} data-point ids for {set.Count} sequences.");
        return dataPoints;
    }

    public override string ToString() => $"RecurrentNetwork(n={Width}, m={Channels}, {Config})";
}
