using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rntk.Networks;

/// <summary>
/// The two dense products the finite-width network needs, on row-major buffers: C (+)= α·A·Bᵀ (forward steps H·Wᵀ
/// and the empirical-kernel Grams Δ_s·Δ_{s′}ᵀ) and C += α·A·B (backward steps Δ·W, without a transposed copy of W).
/// </summary>
/// <remarks>
/// Written here rather than taken from MathNet because MathNet's managed provider multiplies with scalar loops
/// and parallelises large products itself; we parallelise over networks instead (deterministically) and need the
/// single-threaded product to use the vector units. A 2×4 register block of <see cref="Vector{T}"/> accumulators
/// loads each A and B vector once per 8 fused multiply-adds; each B row is streamed once per call.
/// The summation order depends only on K and the vector width, so results do not depend on the thread count.
/// </remarks>
internal static class DenseKernels
{
    /// <summary>C[i·ldc + j] (+)= α·Σ_k A[i·K + k]·B[j·K + k] for i &lt; M, j &lt; P.</summary>
    // AggressiveOptimization: these loops run a few times per network and would otherwise spend their first
    // calls in unoptimised tier-0 code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyTransposed(
        ReadOnlySpan<double> a, int m, ReadOnlySpan<double> b, int p, int k, Span<double> c, int ldc, double alpha, bool accumulate)
    {
        if (m == 0 || p == 0) return;
        if (a.Length < m * k || b.Length < p * k || c.Length < (m - 1) * ldc + p)
            throw new ArgumentException("Matrix buffers are smaller than their shapes.");
        ref double ra = ref MemoryMarshal.GetReference(a);
        ref double rb = ref MemoryMarshal.GetReference(b);
        int j = 0;
        for (; j + 4 <= p; j += 4)
        {
            int i = 0;
            for (; i + 2 <= m; i += 2)
            {
                Dot2x4(ref Unsafe.Add(ref ra, i * k), ref Unsafe.Add(ref rb, j * k), k, out var d);
                Store(c, i * ldc + j, d.A0, d.A1, d.A2, d.A3, alpha, accumulate);
                Store(c, (i + 1) * ldc + j, d.B0, d.B1, d.B2, d.B3, alpha, accumulate);
            }
            for (; i < m; i++)
            {
                for (int jj = 0; jj < 4; jj++)
                    Put(c, i * ldc + j + jj, Dot(ref Unsafe.Add(ref ra, i * k), ref Unsafe.Add(ref rb, (j + jj) * k), k), alpha, accumulate);
            }
        }
        for (; j < p; j++)
            for (int i = 0; i < m; i++)
                Put(c, i * ldc + j, Dot(ref Unsafe.Add(ref ra, i * k), ref Unsafe.Add(ref rb, j * k), k), alpha, accumulate);
    }

    /// <summary>
    /// C[i·ldc + j] += α·Σ_t A[i·K + t]·B[t·P + j] for i &lt; M, j &lt; P. Four rows of B at a time are applied to every
    /// row of C, so B (the n×n weights) is streamed once per call while the M rows of C stay in cache.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd(ReadOnlySpan<double> a, int m, ReadOnlySpan<double> b, int k, int p, Span<double> c, int ldc, double alpha)
    {
        if (m == 0 || p == 0) return;
        if (a.Length < m * k || b.Length < k * p || c.Length < (m - 1) * ldc + p)
            throw new ArgumentException("Matrix buffers are smaller than their shapes.");
        int w = Vector<double>.Count;
        ref double rb = ref MemoryMarshal.GetReference(b);
        ref double rc0 = ref MemoryMarshal.GetReference(c);
        int t = 0;
        for (; t + 4 <= k; t += 4)
        {
            ref double b0 = ref Unsafe.Add(ref rb, t * p);
            ref double b1 = ref Unsafe.Add(ref b0, p);
            ref double b2 = ref Unsafe.Add(ref b0, 2 * p);
            ref double b3 = ref Unsafe.Add(ref b0, 3 * p);
            for (int i = 0; i < m; i++)
            {
                double x0 = alpha * a[i * k + t], x1 = alpha * a[i * k + t + 1], x2 = alpha * a[i * k + t + 2], x3 = alpha * a[i * k + t + 3];
                if (x0 == 0 && x1 == 0 && x2 == 0 && x3 == 0) continue; // finished sequences, dead ReLU units
                ref double rc = ref Unsafe.Add(ref rc0, i * ldc);
                var v0 = new Vector<double>(x0);
                var v1 = new Vector<double>(x1);
                var v2 = new Vector<double>(x2);
                var v3 = new Vector<double>(x3);
                int j = 0;
                for (; j + w <= p; j += w)
                {
                    var acc = Vector.LoadUnsafe(ref rc, (nuint)j);
                    acc = Vector.FusedMultiplyAdd(v0, Vector.LoadUnsafe(ref b0, (nuint)j), acc);
                    acc = Vector.FusedMultiplyAdd(v1, Vector.LoadUnsafe(ref b1, (nuint)j), acc);
                    acc = Vector.FusedMultiplyAdd(v2, Vector.LoadUnsafe(ref b2, (nuint)j), acc);
                    acc = Vector.FusedMultiplyAdd(v3, Vector.LoadUnsafe(ref b3, (nuint)j), acc);
                    acc.StoreUnsafe(ref rc, (nuint)j);
                }
                for (; j < p; j++)
                    Unsafe.Add(ref rc, j) += x0 * Unsafe.Add(ref b0, j) + x1 * Unsafe.Add(ref b1, j) + x2 * Unsafe.Add(ref b2, j) + x3 * Unsafe.Add(ref b3, j);
            }
        }
        for (; t < k; t++)
        {
            ref double b0 = ref Unsafe.Add(ref rb, t * p);
            for (int i = 0; i < m; i++)
            {
                double x0 = alpha * a[i * k + t];
                if (x0 == 0) continue;
                ref double rc = ref Unsafe.Add(ref rc0, i * ldc);
                for (int j = 0; j < p; j++) Unsafe.Add(ref rc, j) += x0 * Unsafe.Add(ref b0, j);
            }
        }
    }

    /// <summary>⟨x, y⟩ with vector accumulators.</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("Vectors differ in length.");
        return Dot(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), x.Length);
    }

    private static void Store(Span<double> c, int at, double v0, double v1, double v2, double v3, double alpha, bool acc)
    {
        if (acc)
        {
            c[at] += alpha * v0; c[at + 1] += alpha * v1; c[at + 2] += alpha * v2; c[at + 3] += alpha * v3;
        }
        else
        {
            c[at] = alpha * v0; c[at + 1] = alpha * v1; c[at + 2] = alpha * v2; c[at + 3] = alpha * v3;
        }
    }

    private static void Put(Span<double> c, int at, double v, double alpha, bool acc)
    {
        if (acc) c[at] += alpha * v;
        else c[at] = alpha * v;
    }

    private struct Block
    {
        public double A0, A1, A2, A3, B0, B1, B2, B3;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.AggressiveInlining)]
    private static void Dot2x4(ref double a0, ref double b0, int k, out Block r)
    {
        int w = Vector<double>.Count;
        ref double a1 = ref Unsafe.Add(ref a0, k);
        ref double b1 = ref Unsafe.Add(ref b0, k);
        ref double b2 = ref Unsafe.Add(ref b0, 2 * k);
        ref double b3 = ref Unsafe.Add(ref b0, 3 * k);
        Vector<double> s00 = default, s01 = default, s02 = default, s03 = default;
        Vector<double> s10 = default, s11 = default, s12 = default, s13 = default;
        int t = 0;
        for (; t + w <= k; t += w)
        {
            var x0 = Vector.LoadUnsafe(ref a0, (nuint)t);
            var x1 = Vector.LoadUnsafe(ref a1, (nuint)t);
            var y0 = Vector.LoadUnsafe(ref b0, (nuint)t);
            var y1 = Vector.LoadUnsafe(ref b1, (nuint)t);
            var y2 = Vector.LoadUnsafe(ref b2, (nuint)t);
            var y3 = Vector.LoadUnsafe(ref b3, (nuint)t);
            s00 = Vector.FusedMultiplyAdd(x0, y0, s00);
            s01 = Vector.FusedMultiplyAdd(x0, y1, s01);
            s02 = Vector.FusedMultiplyAdd(x0, y2, s02);
            s03 = Vector.FusedMultiplyAdd(x0, y3, s03);
            s10 = Vector.FusedMultiplyAdd(x1, y0, s10);
            s11 = Vector.FusedMultiplyAdd(x1, y1, s11);
            s12 = Vector.FusedMultiplyAdd(x1, y2, s12);
            s13 = Vector.FusedMultiplyAdd(x1, y3, s13);
        }
        r.A0 = Vector.Sum(s00); r.A1 = Vector.Sum(s01); r.A2 = Vector.Sum(s02); r.A3 = Vector.Sum(s03);
        r.B0 = Vector.Sum(s10); r.B1 = Vector.Sum(s11); r.B2 = Vector.Sum(s12); r.B3 = Vector.Sum(s13);
        for (; t < k; t++)
        {
            double x0 = Unsafe.Add(ref a0, t), x1 = Unsafe.Add(ref a1, t);
            double y0 = Unsafe.Add(ref b0, t), y1 = Unsafe.Add(ref b1, t), y2 = Unsafe.Add(ref b2, t), y3 = Unsafe.Add(ref b3, t);
            r.A0 += x0 * y0; r.A1 += x0 * y1; r.A2 += x0 * y2; r.A3 += x0 * y3;
            r.B0 += x1 * y0; r.B1 += x1 * y1; r.B2 += x1 * y2; r.B3 += x1 * y3;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Dot(ref double x, ref double y, int k)
    {
        int w = Vector<double>.Count;
        Vector<double> s0 = default, s1 = default;
        int t = 0;
        for (; t + 2 * w <= k; t += 2 * w)
        {
            s0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref x, (nuint)t), Vector.LoadUnsafe(ref y, (nuint)t), s0);
            s1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref x, (nuint)(t + w)), Vector.LoadUnsafe(ref y, (nuint)(t + w)), s1);
        }
        for (; t + w <= k; t += w)
            s0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref x, (nuint)t), Vector.LoadUnsafe(ref y, (nuint)t), s0);
        double s = Vector.Sum(s0 + s1);
        for (; t < k; t++) s += Unsafe.Add(ref x, t) * Unsafe.Add(ref y, t);
        return s;
    }
}
