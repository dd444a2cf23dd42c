using System.Numerics;

namespace Rntk.Learning;

/// <summary>
/// The dual of a binary C-SVC, solved by SMO with libsvm's second-order working-set selection (WSS3 of
/// Fan, Chen and Lin, JMLR 2005) and libsvm's optional shrinking:
/// <code>
///   min_α ½ αᵀQα − eᵀα   subject to   yᵀα = 0,  0 ≤ α_i ≤ C_{y_i},   Q_ij = y_i y_j K_ij.
/// </code>
/// </summary>
/// <remarks>
/// No maintained .NET package serves a C-SVC on precomputed kernels, so this is our own port of libsvm's
/// <c>Solver</c> (svm.cpp, unchanged from 3.17 to 3.37): same selection rule, same clipping, same tie-breaking
/// (the last index among equals wins, as libsvm's <c>&gt;=</c> comparisons do), same stopping rule
/// m(α) − M(α) &lt; ε, same bias (rho) and same objective. Two deliberate differences: Q is held in double
/// precision (libsvm caches it in float), and the whole Q of a sub-problem is held in memory (no LRU cache),
/// which is what precomputed Gram matrices of UCR size want. Tests compare with svm-train itself.
/// </remarks>
public static class SmoSolver
{
    private const double Tau = 1e-12; // libsvm's TAU: stands in for a non-positive curvature
    private const sbyte LowerBound = 0, UpperBound = 1, Free = 2;

    /// <summary>
    /// Solves the binary problem on the l×l kernel <paramref name="kernel"/> (row-major, the points in the order of
    /// <paramref name="y"/>). Returns the signed coefficients y_i α_i, ρ (the decision function is Σ y_i α_i K(x_i, x) − ρ),
    /// and the dual objective ½αᵀQα − eᵀα.
    /// </summary>
    public static BinarySvmSolution Solve(
        ReadOnlySpan<double> kernel, ReadOnlySpan<sbyte> y, double cp, double cn, double eps, bool shrinking,
        long? maxIterations = null, CancellationToken ct = default)
    {
        int l = y.Length;
        if (l == 0) throw new ArgumentException("The binary problem holds no points.", nameof(y));
        if (kernel.Length != (long)l * l) throw new ArgumentException($"The kernel holds {kernel.Length} values; {l}×{l} are needed.", nameof(kernel));
        if (!(cp > 0) || !(cn > 0) || !double.IsFinite(cp) || !double.IsFinite(cn))
            throw new ArgumentOutOfRangeException(nameof(cp), $"C must be positive and finite (got {cp}, {cn}).");
        if (!(eps > 0)) throw new ArgumentOutOfRangeException(nameof(eps), $"The stopping tolerance must be positive (got {eps}).");
        foreach (var v in y)
            if (v != 1 && v != -1) throw new ArgumentException("Binary labels must be +1 or -1.", nameof(y));
        var s = new State(kernel.ToArray(), y.ToArray(), cp, cn, eps); // the copy becomes Q, swapped in place
        long maxIter = maxIterations ?? Math.Max(10_000_000L, 100L * l);
        return s.Run(shrinking, maxIter, ct);
    }

    /// <summary>The solver's working arrays, all in "active order" (libsvm swaps indices when shrinking).</summary>
    private sealed class State
    {
        // Q_ij = y_i y_j K_ij, l×l row-major, rows and columns kept in active order by physical swaps, so that the row of
        // Q over the active set is one contiguous span (what libsvm's get_Q(i, active_size) returns).
        private readonly double[] _q;
        private readonly int _l;
        private readonly double _cp, _cn, _eps;
        private readonly sbyte[] _y;
        private readonly double[] _alpha, _g, _gBar, _qd;
        private readonly sbyte[] _status;
        private readonly int[] _active;   // position → original index
        private int _activeSize;
        private bool _unshrink;

        public State(double[] k, sbyte[] y, double cp, double cn, double eps)
        {
            _l = y.Length;
            _y = y;
            _cp = cp;
            _cn = cn;
            _eps = eps;
            _q = k;
            for (int i = 0; i < _l; i++)
                for (int j = 0; j < _l; j++) _q[i * _l + j] *= y[i] * y[j];
            _alpha = new double[_l];
            _g = new double[_l];
            _gBar = new double[_l];
            _qd = new double[_l];
            _status = new sbyte[_l];
            _active = new int[_l];
            for (int i = 0; i < _l; i++)
            {
                _active[i] = i;
                _qd[i] = _q[i * _l + i];
                _g[i] = -1; // p = −e, α = 0: G = Qα + p = −e
                _status[i] = LowerBound;
            }
            _activeSize = _l;
        }

        private double C(int i) => _y[i] > 0 ? _cp : _cn;

        private void UpdateStatus(int i) =>
            _status[i] = _alpha[i] >= C(i) ? UpperBound : _alpha[i] <= 0 ? LowerBound : Free;

        /// <summary>Q_{i,k} for active positions k &lt; len.</summary>
        private ReadOnlySpan<double> Row(int i, int len) => new(_q, i * _l, len);

        private void Swap(int i, int j)
        {
            if (i == j) return;
            (_y[i], _y[j]) = (_y[j], _y[i]);
            (_g[i], _g[j]) = (_g[j], _g[i]);
            (_status[i], _status[j]) = (_status[j], _status[i]);
            (_alpha[i], _alpha[j]) = (_alpha[j], _alpha[i]);
            (_active[i], _active[j]) = (_active[j], _active[i]);
            (_gBar[i], _gBar[j]) = (_gBar[j], _gBar[i]);
            (_qd[i], _qd[j]) = (_qd[j], _qd[i]);
            var ri = _q.AsSpan(i * _l, _l);
            var rj = _q.AsSpan(j * _l, _l);
            Span<double> tmp = _l <= 4096 ? stackalloc double[_l] : new double[_l];
            ri.CopyTo(tmp);
            rj.CopyTo(ri);
            tmp.CopyTo(rj);
            for (int r = 0, off = 0; r < _l; r++, off += _l) (_q[off + i], _q[off + j]) = (_q[off + j], _q[off + i]);
        }

        /// <summary>g[k] += a[k]·da + b[k]·db, vectorised with the scalar's association (bit-identical to the scalar loop).</summary>
        private static void AddTwo(Span<double> g, ReadOnlySpan<double> a, double da, ReadOnlySpan<double> b, double db)
        {
            int n = g.Length, k = 0;
            if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
            {
                var vda = new Vector<double>(da);
                var vdb = new Vector<double>(db);
                for (; k <= n - Vector<double>.Count; k += Vector<double>.Count)
                {
                    var vg = new Vector<double>(g[k..]);
                    (vg + (new Vector<double>(a[k..]) * vda + new Vector<double>(b[k..]) * vdb)).CopyTo(g[k..]);
                }
            }
            for (; k < n; k++) g[k] += a[k] * da + b[k] * db;
        }

        private static void AddOne(Span<double> g, ReadOnlySpan<double> a, double da)
        {
            int n = g.Length, k = 0;
            if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
            {
                var vda = new Vector<double>(da);
                for (; k <= n - Vector<double>.Count; k += Vector<double>.Count)
                    (new Vector<double>(g[k..]) + new Vector<double>(a[k..]) * vda).CopyTo(g[k..]);
            }
            for (; k < n; k++) g[k] += a[k] * da;
        }

        public BinarySvmSolution Run(bool shrinking, long maxIter, CancellationToken ct)
        {
            long iter = 0;
            int counter = Math.Min(_l, 1000) + 1;
            while (iter < maxIter)
            {
                if (--counter == 0)
                {
                    counter = Math.Min(_l, 1000);
                    if (shrinking) DoShrinking();
                    ct.ThrowIfCancellationRequested();
                }
                if (!SelectWorkingSet(out int i, out int j))
                {
                    ReconstructGradient();
                    _activeSize = _l;
                    if (!SelectWorkingSet(out i, out j)) break;
                    counter = 1; // shrink at the next iteration
                }
                iter++;
                Step(i, j);
            }
            bool converged = iter < maxIter;
            if (!converged && _activeSize < _l)
            {
                ReconstructGradient();
                _activeSize = _l;
            }
            double rho = CalculateRho();
            double v = 0;
            for (int i = 0; i < _l; i++) v += _alpha[i] * (_g[i] - 1); // α·(G + p), p = −e
            var coef = new double[_l];
            for (int i = 0; i < _l; i++) coef[_active[i]] = _y[i] * _alpha[i];
            return new BinarySvmSolution(coef, rho, v / 2, iter, converged);
        }

        private void Step(int i, int j)
        {
            int a = _activeSize;
            var qi = Row(i, a);
            var qj = Row(j, a);
            double ci = C(i), cj = C(j);
            double oldAi = _alpha[i], oldAj = _alpha[j];
            ref double ai = ref _alpha[i];
            ref double aj = ref _alpha[j];
            if (_y[i] != _y[j])
            {
                double quad = _qd[i] + _qd[j] + 2 * qi[j];
                if (quad <= 0) quad = Tau;
                double delta = (-_g[i] - _g[j]) / quad;
                double diff = ai - aj;
                ai += delta;
                aj += delta;
                if (diff > 0) { if (aj < 0) { aj = 0; ai = diff; } }
                else { if (ai < 0) { ai = 0; aj = -diff; } }
                if (diff > ci - cj) { if (ai > ci) { ai = ci; aj = ci - diff; } }
                else { if (aj > cj) { aj = cj; ai = cj + diff; } }
            }
            else
            {
                double quad = _qd[i] + _qd[j] - 2 * qi[j];
                if (quad <= 0) quad = Tau;
                double delta = (_g[i] - _g[j]) / quad;
                double sum = ai + aj;
                ai -= delta;
                aj += delta;
                if (sum > ci) { if (ai > ci) { ai = ci; aj = sum - ci; } }
                else { if (aj < 0) { aj = 0; ai = sum; } }
                if (sum > cj) { if (aj > cj) { aj = cj; ai = sum - cj; } }
                else { if (ai < 0) { ai = 0; aj = sum; } }
            }

            double dai = ai - oldAi, daj = aj - oldAj;
            AddTwo(_g.AsSpan(0, a), qi, dai, qj, daj);

            bool ui = _status[i] == UpperBound, uj = _status[j] == UpperBound;
            UpdateStatus(i);
            UpdateStatus(j);
            if (ui != (_status[i] == UpperBound)) AddOne(_gBar, Row(i, _l), ui ? -ci : ci);
            if (uj != (_status[j] == UpperBound)) AddOne(_gBar, Row(j, _l), uj ? -cj : cj);
        }

        /// <summary>WSS3: i maximises −y_i∇f_i over I_up; j minimises the second-order decrease over I_low. False when optimal.</summary>
        private bool SelectWorkingSet(out int outI, out int outJ)
        {
            double gmax = double.NegativeInfinity, gmax2 = double.NegativeInfinity, objDiffMin = double.PositiveInfinity;
            int gmaxIdx = -1, gminIdx = -1;
            int a = _activeSize;
            for (int t = 0; t < a; t++)
            {
                if (_y[t] == 1)
                {
                    if (_status[t] != UpperBound && -_g[t] >= gmax) { gmax = -_g[t]; gmaxIdx = t; }
                }
                else if (_status[t] != LowerBound && _g[t] >= gmax) { gmax = _g[t]; gmaxIdx = t; }
            }
            int i = gmaxIdx;
            var qi = i != -1 ? Row(i, a) : default; // not read when i = −1: no j then passes gradDiff > 0
            for (int j = 0; j < a; j++)
            {
                if (_y[j] == 1)
                {
                    if (_status[j] == LowerBound) continue;
                    double gradDiff = gmax + _g[j];
                    if (_g[j] >= gmax2) gmax2 = _g[j];
                    if (gradDiff > 0)
                    {
                        double quad = _qd[i] + _qd[j] - 2.0 * _y[i] * qi[j];
                        double objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : Tau);
                        if (objDiff <= objDiffMin) { gminIdx = j; objDiffMin = objDiff; }
                    }
                }
                else
                {
                    if (_status[j] == UpperBound) continue;
                    double gradDiff = gmax - _g[j];
                    if (-_g[j] >= gmax2) gmax2 = -_g[j];
                    if (gradDiff > 0)
                    {
                        double quad = _qd[i] + _qd[j] + 2.0 * _y[i] * qi[j];
                        double objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : Tau);
                        if (objDiff <= objDiffMin) { gminIdx = j; objDiffMin = objDiff; }
                    }
                }
            }
            outI = gmaxIdx;
            outJ = gminIdx;
            return !(gmax + gmax2 < _eps || gminIdx == -1);
        }

        private void ReconstructGradient()
        {
            if (_activeSize == _l) return;
            for (int j = _activeSize; j < _l; j++) _g[j] = _gBar[j] - 1;
            int inactive = _l - _activeSize;
            for (int i = 0; i < _activeSize; i++)
            {
                if (_status[i] != Free) continue;
                AddOne(_g.AsSpan(_activeSize, inactive), Row(i, _l)[_activeSize..], _alpha[i]);
            }
        }

        private bool BeShrunk(int i, double gmax1, double gmax2) => _status[i] switch
        {
            UpperBound => _y[i] == 1 ? -_g[i] > gmax1 : -_g[i] > gmax2,
            LowerBound => _y[i] == 1 ? _g[i] > gmax2 : _g[i] > gmax1,
            _ => false,
        };

        private void DoShrinking()
        {
            double gmax1 = double.NegativeInfinity, gmax2 = double.NegativeInfinity;
            for (int i = 0; i < _activeSize; i++)
            {
                if (_y[i] == 1)
                {
                    if (_status[i] != UpperBound && -_g[i] >= gmax1) gmax1 = -_g[i];
                    if (_status[i] != LowerBound && _g[i] >= gmax2) gmax2 = _g[i];
                }
                else
                {
                    if (_status[i] != UpperBound && -_g[i] >= gmax2) gmax2 = -_g[i];
                    if (_status[i] != LowerBound && _g[i] >= gmax1) gmax1 = _g[i];
                }
            }
            if (!_unshrink && gmax1 + gmax2 <= _eps * 10)
            {
                _unshrink = true;
                ReconstructGradient();
                _activeSize = _l;
            }
            for (int i = 0; i < _activeSize; i++)
            {
                if (!BeShrunk(i, gmax1, gmax2)) continue;
                _activeSize--;
                while (_activeSize > i)
                {
                    if (!BeShrunk(_activeSize, gmax1, gmax2))
                    {
                        Swap(i, _activeSize);
                        break;
                    }
                    _activeSize--;
                }
            }
        }

        /// <summary>libsvm's bias: the mean of y_i∇f_i over free α_i, else the midpoint of the feasible interval.</summary>
        private double CalculateRho()
        {
            int nFree = 0;
            double ub = double.PositiveInfinity, lb = double.NegativeInfinity, sumFree = 0;
            for (int i = 0; i < _activeSize; i++)
            {
                double yg = _y[i] * _g[i];
                if (_status[i] == UpperBound)
                {
                    if (_y[i] == -1) ub = Math.Min(ub, yg); else lb = Math.Max(lb, yg);
                }
                else if (_status[i] == LowerBound)
                {
                    if (_y[i] == 1) ub = Math.Min(ub, yg); else lb = Math.Max(lb, yg);
                }
                else
                {
                    nFree++;
                    sumFree += yg;
                }
            }
            return nFree > 0 ? sumFree / nFree : (ub + lb) / 2;
        }
    }
}

/// <summary>
/// One binary C-SVC: <see cref="Coefficients"/>[i] = y_i α_i in the sub-problem's point order, the bias
/// <see cref="Rho"/> (decision value Σ_i y_i α_i K(x_i, x) − ρ), the dual objective ½αᵀQα − eᵀα, and the SMO iterations.
/// </summary>
public sealed record BinarySvmSolution(double[] Coefficients, double Rho, double Objective, long Iterations, bool Converged);
