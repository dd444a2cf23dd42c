using System.Runtime.CompilerServices;
using Rntk.Data;
using Rntk.Kernels;

namespace Rntk.Networks;

/// <summary>
/// One reading direction of a network run on a batch of sequences, with everything backpropagation and the
/// empirical kernel need: the hidden states h^(ℓ,t), the input of every layer, φ′(g^(ℓ,t)) (then δ^(ℓ,t)),
/// the readout vectors and the outputs (docs/math.md §1).
/// </summary>
/// <remarks>
/// Sequences are sorted by length, longest first, and stored step-major: at step s the sequences still running
/// are the first <see cref="Active"/>[s] rows, so every step of every layer is one dense product
/// (rows × n)·(n × n) over the whole batch, which reuses each weight row across the batch. Each sequence starts
/// from its own initial state at its own first step; finished rows stay zero, so they add nothing to any sum.
/// Memory: L·(2·T_max + 1)·N·n doubles.
/// </remarks>
internal sealed class ForwardTrace
{
    public int Count { get; }
    public int MaxLength { get; }
    public int Width { get; }
    public int Channels { get; }
    public int Layers { get; }
    public RnnParameters Parameters { get; }
    public KernelConfig Config { get; }

    /// <summary>Sorted position p → index of the sequence in the caller's list.</summary>
    public int[] Order { get; }
    /// <summary>Length T_p of the sequence at sorted position p.</summary>
    public int[] Lengths { get; }
    /// <summary>Number of sequences that have a step s (a prefix of the sorted positions).</summary>
    public int[] Active { get; }

    /// <summary>Inputs x_{s+1}, [s][p][m], zero past a sequence's end.</summary>
    public double[] X { get; }
    /// <summary>Hidden states h^(ℓ,s), [ℓ][(s·N + p)·n + i], s = 0..T_max (s = 0: the initial state).</summary>
    public double[][] H { get; }
    /// <summary>[ℓ][(s·N + p)·n + i], s = 0..T_max−1: φ′(g^(ℓ,s+1)) after the forward pass, δ^(ℓ,s+1) = ∂f/∂g after backpropagation.</summary>
    public double[][] D { get; }
    /// <summary>The readout vectors r_p (h^(L,T) or the average of h^(L,t)), [p][n].</summary>
    public double[] ReadoutVectors { get; }
    /// <summary>f(x_p) of this direction, by sorted position.</summary>
    public double[] Outputs { get; }
    public bool HasDeltas { get; internal set; }

    /// <summary>σw/√n, σb, σv/√n: the NTK multipliers.</summary>
    public double ScaleW { get; }
    public double ScaleB { get; }
    public double ScaleV { get; }
    /// <summary>σu/√(fan-in of layer ℓ).</summary>
    public double ScaleU(int layer) => Config.SigmaU / Math.Sqrt(Parameters.InputSize(layer));

    private ForwardTrace(RecurrentNetwork net, int direction, IReadOnlyList<Sequence> set, IReadOnlyList<int> dataPoints)
    {
        Config = net.Config;
        Parameters = net.Directions[direction];
        Width = net.Width;
        Channels = net.Channels;
        Layers = Config.Layers;
        Count = set.Count;
        int n = Width, m = Channels, N = Count;
        ScaleW = Config.SigmaW / Math.Sqrt(n);
        ScaleB = Config.SigmaB;
        ScaleV = Config.SigmaV / Math.Sqrt(n);

        // Stable sort by length, longest first: the order is a function of the lengths alone.
        Order = Enumerable.Range(0, N).OrderByDescending(i => set[i].Length).ToArray();
        Lengths = Order.Select(i => set[i].Length).ToArray();
        MaxLength = Lengths[0];
        Active = new int[MaxLength];
        for (int s = 0; s < MaxLength; s++)
        {
            int c = 0;
            while (c < N && Lengths[c] > s) c++;
            Active[s] = c;
        }

        long perLayer = checked((long)(MaxLength + 1) * N * n);
        if (perLayer > Array.MaxLength)
            throw new ArgumentException(
                $"The batch is too large for one network trace: {N} sequences × {MaxLength + 1} steps × width {n} values per layer; use fewer or shorter sequences.");
        X = new double[MaxLength * N * m];
        bool reverse = direction == 1;
        for (int p = 0; p < N; p++)
        {
            var seq = set[Order[p]];
            for (int s = 0; s < seq.Length; s++)
                seq.Step(reverse ? seq.Length - 1 - s : s).CopyTo(X.AsSpan((s * N + p) * m, m));
        }
        H = new double[Layers][];
        D = new double[Layers][];
        for (int l = 0; l < Layers; l++)
        {
            H[l] = new double[(MaxLength + 1) * N * n];
            D[l] = new double[MaxLength * N * n];
            for (int p = 0; p < N; p++)
                net.InitialHiddenState(direction, l, dataPoints[Order[p]]).CopyTo(H[l].AsSpan(p * n, n));
        }
        ReadoutVectors = new double[N * n];
        Outputs = new double[N];
    }

    /// <summary>Runs direction <paramref name="direction"/> (1 = reversed sequences) of <paramref name="net"/> on the batch.</summary>
    public static ForwardTrace Run(RecurrentNetwork net, int direction, IReadOnlyList<Sequence> set, IReadOnlyList<int> dataPoints, CancellationToken ct = default)
    {
        var tr = new ForwardTrace(net, direction, set, dataPoints);
        tr.Forward(ct);
        return tr;
    }

    /// <summary>Rows of step s (of H: s = 0..T_max; of D: s = 0..T_max−1) in layer ℓ's buffer.</summary>
    public Span<double> StepRows(double[] buffer, int s, int rows) => buffer.AsSpan(s * Count * Width, rows * Width);

    /// <summary>The input rows that layer ℓ reads at step s (x for ℓ = 0, h^(ℓ−1, s+1) above), and their length.</summary>
    public (double[] Buffer, int Offset, int Size) Input(int layer, int s) =>
        layer == 0 ? (X, s * Count * Channels, Channels) : (H[layer - 1], (s + 1) * Count * Width, Width);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip the unoptimised first tier
    private void Forward(CancellationToken ct)
    {
        int n = Width, N = Count;
        var act = Config.Activation;
        var g = new double[N * n];
        for (int l = 0; l < Layers; l++)
        {
            var p = Parameters;
            double au = ScaleU(l);
            for (int s = 0; s < MaxLength; s++)
            {
                ct.ThrowIfCancellationRequested();
                int c = Active[s];
                var gs = g.AsSpan(0, c * n);
                // g = σw/√n·W h_{s} + σu/√fan-in·U in_s + σb·b, for the c running sequences at once.
                DenseKernels.MultiplyTransposed(StepRows(H[l], s, c), c, p.W[l], n, n, gs, n, ScaleW, accumulate: false);
                var (inBuf, inOff, k) = Input(l, s);
                DenseKernels.MultiplyTransposed(inBuf.AsSpan(inOff, c * k), c, p.U[l], n, k, gs, n, au, accumulate: true);
                var h = StepRows(H[l], s + 1, c);
                var d = StepRows(D[l], s, c);
                var bias = p.B[l];
                for (int r = 0; r < c; r++)
                {
                    for (int i = 0; i < n; i++)
                    {
                        double z = gs[r * n + i] + ScaleB * bias[i];
                        h[r * n + i] = act.Phi(z);
                        d[r * n + i] = act.DPhi(z);
                    }
                }
            }
        }

        // Readout: last step, or the average of h^(L,t) over the sequence's own steps.
        var top = H[Layers - 1];
        var v = Parameters.V;
        for (int q = 0; q < N; q++)
        {
            var r = ReadoutVectors.AsSpan(q * n, n);
            int T = Lengths[q];
            if (Config.Readout == Readout.LastStep)
                top.AsSpan((T * N + q) * n, n).CopyTo(r);
            else
            {
                for (int s = 1; s <= T; s++)
                {
                    var hs = top.AsSpan((s * N + q) * n, n);
                    for (int i = 0; i < n; i++) r[i] += hs[i];
                }
                for (int i = 0; i < n; i++) r[i] /= T;
            }
            Outputs[q] = ScaleV * DenseKernels.Dot(v, r);
        }
    }
}
