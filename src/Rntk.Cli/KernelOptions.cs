using Rntk.Kernels;

namespace Rntk.Cli;

/// <summary>The kernel options shared by every command that computes a kernel.</summary>
public static class KernelOptions
{
    public const string Usage =
        "Kernel options:\n" +
        "  --layers L               recurrent layers (default 1)\n" +
        "  --sigma-w S              recurrent weight scale σw (default 1.4142135623730951 = √2)\n" +
        "  --sigma-u S              input weight scale σu (default 1)\n" +
        "  --sigma-b S              bias scale σb (default 0)\n" +
        "  --sigma-h S              initial-state scale σh (default 0)\n" +
        "  --sigma-v S              output weight scale σv (default 1)\n" +
        "  --activation A           relu | erf | tanh (default relu)\n" +
        "  --readout R              last | average (default last)\n" +
        "  --bidirectional          add a second RNN reading the reversed sequence\n" +
        "  --initial-state M        independent | shared (default independent)";

    public static readonly string[] Flags = ["bidirectional"];

    public static KernelConfig Parse(CliArgs a)
    {
        var readout = (a.String("readout") ?? "last").ToLowerInvariant() switch
        {
            "last" or "last-step" => Readout.LastStep,
            "average" or "avg" or "average-pooling" => Readout.AveragePooling,
            var r => throw new CliException($"Unknown readout '{r}': use last or average."),
        };
        var h0 = (a.String("initial-state") ?? "independent").ToLowerInvariant() switch
        {
            "independent" => InitialState.Independent,
            "shared" => InitialState.Shared,
            var r => throw new CliException($"Unknown initial state '{r}': use independent or shared."),
        };
        Activation act;
        try { act = Activation.Parse(a.String("activation") ?? "relu"); }
        catch (ArgumentException e) { throw new CliException(e.Message); }
        return new KernelConfig(
            layers: a.Int("layers", 1),
            sigmaW: a.Double("sigma-w", Math.Sqrt(2)),
            sigmaU: a.Double("sigma-u", 1.0),
            sigmaB: a.Double("sigma-b", 0.0),
            sigmaH: a.Double("sigma-h", 0.0),
            sigmaV: a.Double("sigma-v", 1.0),
            activation: act,
            readout: readout,
            direction: a.Flag("bidirectional") ? Direction.Bidirectional : Direction.Forward,
            initialState: h0);
    }

    /// <summary>The configuration as a JSON-friendly dictionary.</summary>
    public static Dictionary<string, object> Describe(KernelConfig c) => new()
    {
        ["layers"] = c.Layers,
        ["sigma_w"] = c.SigmaW,
        ["sigma_u"] = c.SigmaU,
        ["sigma_b"] = c.SigmaB,
        ["sigma_h"] = c.SigmaH,
        ["sigma_v"] = c.SigmaV,
        ["activation"] = c.Activation.Name,
        ["readout"] = c.Readout == Readout.LastStep ? "last" : "average",
        ["bidirectional"] = c.Direction == Direction.Bidirectional,
        ["initial_state"] = c.InitialState == InitialState.Independent ? "independent" : "shared",
    };
}
