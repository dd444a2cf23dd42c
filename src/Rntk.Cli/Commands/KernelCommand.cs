using System.Globalization;
using Rntk.Kernels;

namespace Rntk.Cli.Commands;

/// <summary>`rntk kernel`: the RNTK and NNGP of two sequences given on the command line.</summary>
public sealed class KernelCommand : ICommand
{
    public string Name => "kernel";
    public string Summary => "RNTK and NNGP of two sequences given inline";
    public IReadOnlyCollection<string> Flags => [.. KernelOptions.Flags, "json"];
    public string Usage =>
        "Usage: rntk kernel --x SEQ --y SEQ [kernel options] [--json]\n\n" +
        "SEQ: \"0.5,-1,0.25\" is three steps of one channel; \"1,0;0.5,-0.5\" is two steps of two channels.\n" +
        "x and y are distinct inputs; the self values k(x,x) and k(y,y) are printed too.\n\n" + KernelOptions.Usage;

    public int Run(CliArgs a, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var x = SequenceParser.Parse(a.Required("x"), "x");
        var y = SequenceParser.Parse(a.Required("y"), "y");
        var cfg = KernelOptions.Parse(a);
        bool json = a.Flag("json");
        a.EnsureAllUsed();
        if (x.Channels != y.Channels)
            throw new CliException($"Channel mismatch: --x has {x.Channels} channels per step, --y has {y.Channels}.");
        var k = new RntkKernel(cfg);
        var xy = k.Evaluate(x, y);
        var xx = k.EvaluateSelf(x);
        var yy = k.EvaluateSelf(y);
        if (json)
        {
            var o = new Dictionary<string, object>
            {
                ["rntk"] = xy.Rntk, ["nngp"] = xy.Nngp,
                ["rntk_xx"] = xx.Rntk, ["nngp_xx"] = xx.Nngp,
                ["rntk_yy"] = yy.Rntk, ["nngp_yy"] = yy.Nngp,
                ["T_x"] = x.Length, ["T_y"] = y.Length, ["channels"] = x.Channels,
                ["config"] = KernelOptions.Describe(cfg),
            };
            stdout.WriteLine(Json.Serialize(o));
        }
        else
        {
            var ci = CultureInfo.InvariantCulture;
            stdout.WriteLine($"{cfg}");
            stdout.WriteLine(string.Create(ci, $"RNTK(x,y) = {xy.Rntk:R}"));
            stdout.WriteLine(string.Create(ci, $"NNGP(x,y) = {xy.Nngp:R}"));
            stdout.WriteLine(string.Create(ci, $"RNTK(x,x) = {xx.Rntk:R}   NNGP(x,x) = {xx.Nngp:R}"));
            stdout.WriteLine(string.Create(ci, $"RNTK(y,y) = {yy.Rntk:R}   NNGP(y,y) = {yy.Nngp:R}"));
        }
        return 0;
    }
}
