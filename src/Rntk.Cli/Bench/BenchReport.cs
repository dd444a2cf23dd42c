using System.Globalization;
using Rntk.Gram;

namespace Rntk.Cli.Bench;

/// <summary>Prints `rntk bench` results as aligned text, or as one JSON object per line with --json.</summary>
internal sealed class BenchReport(TextWriter w, bool json)
{
    /// <param name="CpuSeconds">CPU time of our process during the run (NaN for the peer): the cost without waiting for cores.</param>
    public sealed record Row(string Case, int N, int T, int Layers, string Engine, int Threads, double Seconds, double LayerPairStepsPerSecond, double CpuSeconds);

    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;
    private int _threads;

    public void Header(int threads, string load, int vectorBits)
    {
        _threads = threads;
        if (json)
        {
            Emit(new() { ["kind"] = "header", ["threads"] = threads, ["cores"] = Environment.ProcessorCount, ["load_before"] = load, ["vector_bits"] = vectorBits });
            return;
        }
        w.WriteLine("rntk bench — RNTK Gram, ReLU, last step, σw=√2 σu=0.5 σb=0.1 σh=0 σv=1 (the peer's defaults)");
        w.WriteLine(Inv($"machine: {Environment.ProcessorCount} cores ({threads} used by our engines; the peer's numpy ufuncs use 1), widest vector {vectorBits} bits"));
        w.WriteLine($"load average before: {load}");
        w.WriteLine("seconds: wall clock; cpu s: CPU seconds of the run (all its threads); × peer: wall-clock ratio;");
        w.WriteLine("× peer cpu: CPU-seconds ratio (work per CPU second; on an idle machine our 2 threads' wall ratio would be ~2× it)");
    }

    public void Peer(string python, string script, string numpy, IReadOnlyList<string> unset)
    {
        string u = unset.Count == 0 ? "none was set" : string.Join(", ", unset);
        if (json) Emit(new() { ["kind"] = "peer", ["python"] = python, ["script"] = script, ["numpy"] = numpy, ["unset"] = unset });
        else w.WriteLine($"peer: {python} {script} (numpy {numpy}); unset in the peer's environment only: {u}");
    }

    public void Probe(MachineProbe.Result m)
    {
        if (json)
        {
            Emit(new() { ["kind"] = "probe", ["clock_ghz"] = m.ClockGHz, ["sqrt_cycles"] = m.SqrtCycles, ["div_cycles"] = m.DivCycles, ["fma_cycles"] = m.FmaCycles });
            return;
        }
        w.WriteLine(Inv($"probe: clock ≈ {m.ClockGHz:F2} GHz (dependent adds); per 512-bit instruction: sqrt {m.SqrtCycles:F2}, div {m.DivCycles:F2}, FMA {m.FmaCycles:F2} cycles"));
    }

    public void Case(Row? reference, Row simd, Row? peer)
    {
        if (!json)
        {
            w.WriteLine();
            w.WriteLine(Inv($"{simd.Case} N={simd.N} T={simd.T} L={simd.Layers}"));
            w.WriteLine($"  {"engine",-34} {"threads",7} {"seconds",9} {"cpu s",8} {"layer-pair-steps/s",19} {"× peer",8} {"× peer cpu",11} {"× reference",12}");
        }
        foreach (var r in new[] { peer, reference, simd })
        {
            if (r is null) continue;
            double xPeer = peer is null ? double.NaN : r.LayerPairStepsPerSecond / peer.LayerPairStepsPerSecond;
            double xRef = reference is null ? double.NaN : r.LayerPairStepsPerSecond / reference.LayerPairStepsPerSecond;
            // Work per CPU second: the peer's CPU seconds over ours (our threads' CPU seconds added up).
            double xPeerCpu = peer is null ? double.NaN : peer.CpuSeconds / r.CpuSeconds;
            if (json)
                Emit(new()
                {
                    ["kind"] = "run", ["case"] = r.Case, ["n"] = r.N, ["T"] = r.T, ["layers"] = r.Layers, ["engine"] = r.Engine,
                    ["threads"] = r.Threads, ["seconds"] = r.Seconds, ["cpu_seconds"] = r.CpuSeconds, ["layer_pair_steps_per_s"] = r.LayerPairStepsPerSecond,
                    ["x_peer"] = xPeer, ["x_peer_cpu"] = xPeerCpu, ["x_reference"] = xRef,
                });
            else
                w.WriteLine(Inv($"  {r.Engine,-34} {r.Threads,7} {r.Seconds,9:F3} {Cpu(r.CpuSeconds),8} {r.LayerPairStepsPerSecond,19:E3} {Ratio(xPeer),8} {Ratio(xPeerCpu),11} {Ratio(xRef),12}"));
        }
    }

    public void Agreement(string name, int layers, KernelMatrix? reference, KernelMatrix simd, PeerRunner.Result? peer)
    {
        double maxRel = double.NaN;
        if (reference is not null)
        {
            maxRel = 0;
            for (int k = 0; k < simd.Data.Length; k++)
                maxRel = Math.Max(maxRel, Math.Abs(simd.Data[k] - reference.Data[k]) / Math.Abs(reference.Data[k]));
        }
        double sum = simd.Sum(), k01 = simd.Columns > 1 ? simd[0, 1] : double.NaN, k00 = simd[0, 0];
        double dSum = peer is null ? double.NaN : Rel(sum, peer.Sum), d01 = peer is null ? double.NaN : Rel(k01, peer.K01), d00 = peer is null ? double.NaN : Rel(k00, peer.K00);
        if (json)
        {
            Emit(new()
            {
                ["kind"] = "agreement", ["case"] = name, ["layers"] = layers, ["simd_vs_reference_max_rel"] = maxRel,
                ["sum"] = sum, ["k01"] = k01, ["k00"] = k00, ["peer_sum"] = peer?.Sum ?? double.NaN, ["peer_k01"] = peer?.K01 ?? double.NaN,
                ["peer_k00"] = peer?.K00 ?? double.NaN, ["rel_sum"] = dSum, ["rel_k01"] = d01, ["rel_k00"] = d00,
            });
            return;
        }
        w.WriteLine(reference is null
            ? "  agreement: SIMD vs reference not checked (--skip-reference)"
            : Inv($"  agreement: SIMD vs reference, max relative difference over all entries {maxRel:E2}"));
        w.WriteLine(Inv($"             ours sum {sum:R} k01 {k01:R} k00 {k00:R}"));
        if (peer is not null)
        {
            w.WriteLine(Inv($"             peer sum {peer.Sum:R} k01 {peer.K01:R} k00 {peer.K00:R}"));
            w.WriteLine(Inv($"             relative differences: sum {dSum:E2}, k01 {d01:E2}, k00 {d00:E2} (the peer's k00 takes arccos of ρ rounded below 1)"));
        }
    }

    public void Ablation(string name, int n, int T, double steps, IReadOnlyList<(string What, double Seconds, double CpuSeconds)> rows,
        int engineRow, MachineProbe.Result? m)
    {
        if (!json)
        {
            w.WriteLine();
            w.WriteLine(Inv($"ablation: {name} N={n} T={T} L=1, one thread"));
            w.WriteLine($"  {"variant",-62} {"seconds",9} {"cpu s",8} {"layer-pair-steps/s",19} {"× reference",12} {"× cpu",7}");
        }
        double reference = rows[0].Seconds, referenceCpu = rows[0].CpuSeconds;
        foreach (var (what, s, c) in rows)
        {
            if (json)
                Emit(new() { ["kind"] = "ablation", ["case"] = name, ["variant"] = what, ["seconds"] = s, ["cpu_seconds"] = c,
                    ["layer_pair_steps_per_s"] = steps / s, ["x_reference"] = reference / s, ["x_reference_cpu"] = referenceCpu / c });
            else w.WriteLine(Inv($"  {what,-62} {s,9:F3} {Cpu(c),8} {steps / s,19:E3} {Ratio(reference / s),12} {Ratio(referenceCpu / c),7}"));
        }
        if (m is null || engineRow < 0) return;
        // Cycles spent per pair-step: CPU seconds (not wall seconds, which include waiting for a core on a shared
        // machine) × clock / (N(N−1)/2 pairs × T steps: each unordered pair is computed once; the reference likewise).
        double pairSteps = (double)n * (n - 1) / 2 * T, hz = m.ClockGHz * 1e9;
        double engine = rows[engineRow].CpuSeconds * hz / pairSteps, scalar = referenceCpu * hz / pairSteps;
        // ReLU per layer-step and lane: √(ab), c/s, the arccos reduction's √ and √(1 − ρ²) share the divider.
        double divider = (3 * m.SqrtCycles + m.DivCycles) / 8;
        if (json)
            Emit(new() { ["kind"] = "limit", ["case"] = name, ["engine_cycles_per_pair_step"] = engine, ["reference_cycles_per_pair_step"] = scalar, ["divider_floor_cycles"] = divider });
        else
            w.WriteLine(Inv($"  machine: engine {engine:F2} cycles per pair-step (CPU time × clock), scalar reference {scalar:F1}; the divider alone needs {divider:F2} (3 sqrt + 1 div per 8 lanes)"));
    }

    public void Footer(string load)
    {
        if (json) Emit(new() { ["kind"] = "footer", ["load_after"] = load });
        else
        {
            w.WriteLine();
            w.WriteLine($"load average after: {load}");
        }
    }

    private static string Cpu(double s) => double.IsNaN(s) ? "" : s.ToString("F3", Ci);
    private static double Rel(double a, double b) => Math.Abs(a - b) / Math.Abs(b);
    private static string Ratio(double x) => double.IsNaN(x) ? "" : x.ToString("F1", Ci) + "×";
    private static string Inv(FormattableString s) => s.ToString(Ci);
    private void Emit(Dictionary<string, object> o) => w.WriteLine(Json.Serialize(o));
}
