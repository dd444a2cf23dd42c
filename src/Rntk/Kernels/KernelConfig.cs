namespace Rntk.Kernels;

/// <summary>
/// The hyper-parameters of an infinitely wide RNN, hence of its RNTK and NNGP kernels (docs/math.md §1).
/// Immutable and validated at construction: a bad value fails with a message naming the field.
/// </summary>
public sealed record KernelConfig
{
    public int Layers { get; }
    public double SigmaW { get; }
    public double SigmaU { get; }
    public double SigmaB { get; }
    public double SigmaH { get; }
    public double SigmaV { get; }
    public Activation Activation { get; }
    public Readout Readout { get; }
    public Direction Direction { get; }
    public InitialState InitialState { get; }

    public KernelConfig(
        int layers = 1,
        double sigmaW = 1.4142135623730951,
        double sigmaU = 1.0,
        double sigmaB = 0.0,
        double sigmaH = 0.0,
        double sigmaV = 1.0,
        Activation? activation = null,
        Readout readout = Readout.LastStep,
        Direction direction = Direction.Forward,
        InitialState initialState = InitialState.Independent)
    {
        if (layers < 1) throw new ArgumentException($"Layers must be at least 1 (got {layers}).");
        if (layers > 64) throw new ArgumentException($"Layers must be at most 64 (got {layers}).");
        Check(nameof(SigmaW), sigmaW);
        Check(nameof(SigmaU), sigmaU);
        Check(nameof(SigmaB), sigmaB);
        Check(nameof(SigmaH), sigmaH);
        Check(nameof(SigmaV), sigmaV);
        if (!Enum.IsDefined(readout)) throw new ArgumentException($"Readout has an unknown value ({(int)readout}).");
        if (!Enum.IsDefined(direction)) throw new ArgumentException($"Direction has an unknown value ({(int)direction}).");
        if (!Enum.IsDefined(initialState)) throw new ArgumentException($"InitialState has an unknown value ({(int)initialState}).");
        Layers = layers;
        SigmaW = sigmaW;
        SigmaU = sigmaU;
        SigmaB = sigmaB;
        SigmaH = sigmaH;
        SigmaV = sigmaV;
        Activation = activation ?? Activation.Relu;
        Readout = readout;
        Direction = direction;
        InitialState = initialState;
    }

    private static void Check(string field, double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentException($"{field} must be finite (got {value}).");
        if (value < 0)
            throw new ArgumentException($"{field} must be non-negative (got {value}).");
    }

    /// <summary>A copy with other values; validated again.</summary>
    public KernelConfig With(
        int? layers = null, double? sigmaW = null, double? sigmaU = null, double? sigmaB = null, double? sigmaH = null,
        double? sigmaV = null, Activation? activation = null, Readout? readout = null, Direction? direction = null,
        InitialState? initialState = null) =>
        new(layers ?? Layers, sigmaW ?? SigmaW, sigmaU ?? SigmaU, sigmaB ?? SigmaB, sigmaH ?? SigmaH, sigmaV ?? SigmaV,
            activation ?? Activation, readout ?? Readout, direction ?? Direction, initialState ?? InitialState);

    public override string ToString() =>
        $"{Activation.Name} L={Layers} σw={SigmaW:G6} σu={SigmaU:G6} σb={SigmaB:G6} σh={SigmaH:G6} σv={SigmaV:G6} " +
        $"{Readout} {Direction} h0={InitialState}";
}
