using Rntk.Baselines;
using Rntk.Kernels;

namespace Rntk.Tests.Baselines;

/// <summary>
/// The analytic feed-forward NTK/NNGP against finite random ReLU networks (the neural-tangents style of check):
/// the empirical NTK Σ_θ ∂f(x)/∂θ · ∂f(y)/∂θ computed by backpropagation, averaged over seeded networks.
/// </summary>
public class FullyConnectedMonteCarloTests
{
    private const double SigmaW = 1.3, SigmaB = 0.4, SigmaV = 1.1;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Finite_networks_converge_to_the_analytic_kernels(int depth)
    {
        double[] x = [0.8, -0.4, 1.2, 0.1], y = [0.3, 0.9, -0.5, 0.7];
        const int width = 256, networks = 100;
        var rng = new Random(20240601 + depth);
        double ntkXY = 0, ntkXX = 0, gpXY = 0;
        for (int s = 0; s < networks; s++)
        {
            var net = new Network(depth, x.Length, width, rng);
            var (fx, hx, dx) = net.Forward(x);
            var (fy, hy, dy) = net.Forward(y);
            _ = fx; _ = fy;
            ntkXY += net.EmpiricalNtk(x, hx, dx, y, hy, dy);
            ntkXX += net.EmpiricalNtk(x, hx, dx, x, hx, dx);
            gpXY += SigmaV * SigmaV / width * Dot(hx[depth], hy[depth]);
        }
        ntkXY /= networks; ntkXX /= networks; gpXY /= networks;
        var ntk = new FullyConnectedKernel(depth, SigmaW, SigmaB, SigmaV);
        var gp = new FullyConnectedKernel(depth, SigmaW, SigmaB, SigmaV, KernelKind.Nngp);
        double[] err =
        [
            Math.Abs(ntkXY / ntk.Evaluate(x, y) - 1), Math.Abs(ntkXX / ntk.Evaluate(x, x) - 1), Math.Abs(gpXY / gp.Evaluate(x, y) - 1),
        ];
        // Seeded: width 256 × 100 networks give errors of 0.04–1.2 %; 3 % leaves room for the O(1/√(n·networks)) noise, not for a wrong formula.
        Assert.True(err.Max() < 0.03, $"L={depth}: relative errors NTK(x,y) {err[0]:P2}, NTK(x,x) {err[1]:P2}, NNGP(x,y) {err[2]:P2}");
    }

    private static double Dot(double[] a, double[] b) { double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }

    /// <summary>g⁽¹⁾ = σw/√d·W⁽¹⁾x + σb·b⁽¹⁾, g⁽ℓ⁾ = σw/√n·W⁽ℓ⁾h⁽ℓ⁻¹⁾ + σb·b⁽ℓ⁾, h = ReLU(g), f = σv/√n·v·h⁽ᴸ⁾.</summary>
    private sealed class Network
    {
        private readonly int _depth, _width;
        private readonly double[][,] _w;
        private readonly double[] _v;

        public Network(int depth, int d, int width, Random rng)
        {
            _depth = depth;
            _width = width;
            _w = new double[depth + 1][,];
            for (int l = 1; l <= depth; l++)
            {
                int fanIn = l == 1 ? d : width;
                _w[l] = new double[width, fanIn];
                for (int i = 0; i < width; i++) for (int j = 0; j < fanIn; j++) _w[l][i, j] = Gauss(rng);
            }
            Bias = new double[depth + 1][];
            for (int l = 1; l <= depth; l++) Bias[l] = Enumerable.Range(0, width).Select(_ => Gauss(rng)).ToArray();
            _v = Enumerable.Range(0, width).Select(_ => Gauss(rng)).ToArray();
        }

        private double[][] Bias { get; }

        private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

        /// <summary>Output, activations h⁽⁰⁾ = x … h⁽ᴸ⁾, and δ⁽ℓ⁾ = ∂f/∂g⁽ℓ⁾.</summary>
        public (double F, double[][] H, double[][] Delta) Forward(double[] x)
        {
            var h = new double[_depth + 1][];
            var g = new double[_depth + 1][];
            h[0] = x;
            for (int l = 1; l <= _depth; l++)
            {
                int fanIn = h[l - 1].Length;
                double scale = SigmaW / Math.Sqrt(fanIn);
                g[l] = new double[_width];
                h[l] = new double[_width];
                for (int i = 0; i < _width; i++)
                {
                    double s = 0;
                    for (int j = 0; j < fanIn; j++) s += _w[l][i, j] * h[l - 1][j];
                    g[l][i] = scale * s + SigmaB * Bias[l][i];
                    h[l][i] = Math.Max(0, g[l][i]);
                }
            }
            double outScale = SigmaV / Math.Sqrt(_width);
            double f = outScale * Dot(_v, h[_depth]);
            var delta = new double[_depth + 1][];
            delta[_depth] = new double[_width];
            for (int i = 0; i < _width; i++) delta[_depth][i] = g[_depth][i] > 0 ? outScale * _v[i] : 0;
            for (int l = _depth - 1; l >= 1; l--)
            {
                delta[l] = new double[_width];
                double scale = SigmaW / Math.Sqrt(_width);
                for (int j = 0; j < _width; j++)
                {
                    if (g[l][j] <= 0) continue;
                    double s = 0;
                    for (int i = 0; i < _width; i++) s += _w[l + 1][i, j] * delta[l + 1][i];
                    delta[l][j] = scale * s;
                }
            }
            return (f, h, delta);
        }

        /// <summary>Σ over W⁽ℓ⁾, b⁽ℓ⁾ and v of the products of the two inputs' gradients.</summary>
        public double EmpiricalNtk(double[] x, double[][] hx, double[][] dx, double[] y, double[][] hy, double[][] dy)
        {
            double theta = SigmaV * SigmaV / _width * Dot(hx[_depth], hy[_depth]);
            for (int l = 1; l <= _depth; l++)
            {
                int fanIn = hx[l - 1].Length;
                double dd = Dot(dx[l], dy[l]);
                theta += dd * (SigmaW * SigmaW / fanIn * Dot(hx[l - 1], hy[l - 1]) + SigmaB * SigmaB);
            }
            _ = x; _ = y;
            return theta;
        }
    }
}
