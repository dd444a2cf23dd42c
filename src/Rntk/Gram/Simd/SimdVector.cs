using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Rntk.Gram.Simd;

/// <summary>
/// The few vector operations the SIMD Gram engine needs, over doubles, as static abstract members so that the
/// chain kernel is written once and the JIT specialises it for each width (<see cref="Lanes4"/> = AVX2,
/// <see cref="Lanes8"/> = AVX-512; <see cref="Lanes2"/> covers SSE2/NEON).
/// </summary>
/// <remarks>
/// Written here because .NET's own <c>ISimdVector&lt;TSelf,T&gt;</c> is not public, and <c>Vector&lt;double&gt;</c>
/// stays 256 bits wide on AVX-512 machines. Every operation is element-wise and IEEE-rounded (FMA fused), so a
/// lane's result does not depend on the width or on its position: the engine is bit-identical across widths.
/// </remarks>
internal interface ISimdVector<TSelf> where TSelf : unmanaged, ISimdVector<TSelf>
{
    static abstract int Count { get; }
    static abstract bool IsHardwareAccelerated { get; }
    static abstract TSelf Broadcast(double x);
    static abstract TSelf Load(ref double source);
    static abstract void Store(TSelf value, ref double destination);
    static abstract TSelf operator +(TSelf a, TSelf b);
    static abstract TSelf operator -(TSelf a, TSelf b);
    static abstract TSelf operator *(TSelf a, TSelf b);
    static abstract TSelf operator /(TSelf a, TSelf b);
    /// <summary>a·b + c with one rounding.</summary>
    static abstract TSelf Fma(TSelf a, TSelf b, TSelf c);
    static abstract TSelf Sqrt(TSelf a);
    static abstract TSelf Abs(TSelf a);
    static abstract TSelf Min(TSelf a, TSelf b);
    static abstract TSelf Max(TSelf a, TSelf b);
    /// <summary>All-ones lanes where a &gt; b.</summary>
    static abstract TSelf GreaterThan(TSelf a, TSelf b);
    /// <summary>All-ones lanes where a ≥ b.</summary>
    static abstract TSelf GreaterThanOrEqual(TSelf a, TSelf b);
    /// <summary>All-ones lanes where a = b.</summary>
    static abstract TSelf Equal(TSelf a, TSelf b);
    /// <summary>mask ? a : b, lane by lane (mask lanes all-ones or all-zeros).</summary>
    static abstract TSelf Select(TSelf mask, TSelf a, TSelf b);
    /// <summary>The sign bit of <paramref name="sign"/> copied onto the magnitude of <paramref name="magnitude"/>.</summary>
    static abstract TSelf CopySign(TSelf magnitude, TSelf sign);
    static abstract bool AnyNonZero(TSelf mask);
    /// <summary>
    /// 1/a to within ~12 % for a &gt; 0 (finite for a = 0), from the bits alone: the exponent-negating integer trick,
    /// so it is the same on every machine and width. Only ever used to scale a correction term.
    /// </summary>
    static abstract TSelf ReciprocalEstimate(TSelf a);
}

internal static class SimdVectorExtensions
{
    /// <summary>The lanes as an array (tests and diagnostics).</summary>
    public static double[] ToArray<TV>(this TV v) where TV : unmanaged, ISimdVector<TV>
    {
        var a = new double[TV.Count];
        TV.Store(v, ref a[0]);
        return a;
    }
}

internal readonly struct Lanes2 : ISimdVector<Lanes2>
{
    private readonly Vector128<double> _v;
    private Lanes2(Vector128<double> v) => _v = v;
    public static int Count => 2;
    public static bool IsHardwareAccelerated => Vector128.IsHardwareAccelerated;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2 Broadcast(double x) => new(Vector128.Create(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2 Load(ref double s) => new(Vector128.LoadUnsafe(ref s));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Lanes2 v, ref double d) => v._v.StoreUnsafe(ref d);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2 operator +(Lanes2 a, Lanes2 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2 operator -(Lanes2 a, Lanes2 b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2 operator *(Lanes2 a, Lanes2 b) => new(a._v * b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2 operator /(Lanes2 a, Lanes2 b) => new(a._v / b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2 Fma(Lanes2 a, Lanes2 b, Lanes2 c) => new(Vector128.FusedMultiplyAdd(a._v, b._v, c._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2 Sqrt(Lanes2 a) => new(Vector128.Sqrt(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2 Abs(Lanes2 a) => new(Vector128.Abs(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2 Min(Lanes2 a, Lanes2 b) => new(Vector128.MinNative(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2 Max(Lanes2 a, Lanes2 b) => new(Vector128.MaxNative(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2 GreaterThan(Lanes2 a, Lanes2 b) => new(Vector128.GreaterThan(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2 GreaterThanOrEqual(Lanes2 a, Lanes2 b) => new(Vector128.GreaterThanOrEqual(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2 Equal(Lanes2 a, Lanes2 b) => new(Vector128.Equals(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2 Select(Lanes2 m, Lanes2 a, Lanes2 b) => new(Vector128.ConditionalSelect(m._v, a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2 CopySign(Lanes2 m, Lanes2 s) => new(Vector128.CopySign(m._v, s._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyNonZero(Lanes2 m) => m._v.AsUInt64() != Vector128<ulong>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2 ReciprocalEstimate(Lanes2 a) => new((Vector128.Create(0x7FDE623822FC16E6UL) - a._v.AsUInt64()).AsDouble());
}

internal readonly struct Lanes4 : ISimdVector<Lanes4>
{
    private readonly Vector256<double> _v;
    private Lanes4(Vector256<double> v) => _v = v;
    public static int Count => 4;
    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 Broadcast(double x) => new(Vector256.Create(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 Load(ref double s) => new(Vector256.LoadUnsafe(ref s));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Lanes4 v, ref double d) => v._v.StoreUnsafe(ref d);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 operator +(Lanes4 a, Lanes4 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 operator -(Lanes4 a, Lanes4 b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 operator *(Lanes4 a, Lanes4 b) => new(a._v * b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 operator /(Lanes4 a, Lanes4 b) => new(a._v / b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 Fma(Lanes4 a, Lanes4 b, Lanes4 c) => new(Vector256.FusedMultiplyAdd(a._v, b._v, c._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 Sqrt(Lanes4 a) => new(Vector256.Sqrt(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 Abs(Lanes4 a) => new(Vector256.Abs(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 Min(Lanes4 a, Lanes4 b) => new(Vector256.MinNative(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 Max(Lanes4 a, Lanes4 b) => new(Vector256.MaxNative(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 GreaterThan(Lanes4 a, Lanes4 b) => new(Vector256.GreaterThan(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 GreaterThanOrEqual(Lanes4 a, Lanes4 b) => new(Vector256.GreaterThanOrEqual(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 Equal(Lanes4 a, Lanes4 b) => new(Vector256.Equals(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 Select(Lanes4 m, Lanes4 a, Lanes4 b) => new(Vector256.ConditionalSelect(m._v, a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 CopySign(Lanes4 m, Lanes4 s) => new(Vector256.CopySign(m._v, s._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyNonZero(Lanes4 m) => m._v.AsUInt64() != Vector256<ulong>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4 ReciprocalEstimate(Lanes4 a) => new((Vector256.Create(0x7FDE623822FC16E6UL) - a._v.AsUInt64()).AsDouble());
}

internal readonly struct Lanes8 : ISimdVector<Lanes8>
{
    private readonly Vector512<double> _v;
    private Lanes8(Vector512<double> v) => _v = v;
    public static int Count => 8;
    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 Broadcast(double x) => new(Vector512.Create(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 Load(ref double s) => new(Vector512.LoadUnsafe(ref s));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Lanes8 v, ref double d) => v._v.StoreUnsafe(ref d);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 operator +(Lanes8 a, Lanes8 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 operator -(Lanes8 a, Lanes8 b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 operator *(Lanes8 a, Lanes8 b) => new(a._v * b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 operator /(Lanes8 a, Lanes8 b) => new(a._v / b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 Fma(Lanes8 a, Lanes8 b, Lanes8 c) => new(Vector512.FusedMultiplyAdd(a._v, b._v, c._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 Sqrt(Lanes8 a) => new(Vector512.Sqrt(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 Abs(Lanes8 a) => new(Vector512.Abs(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 Min(Lanes8 a, Lanes8 b) => new(Vector512.MinNative(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 Max(Lanes8 a, Lanes8 b) => new(Vector512.MaxNative(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 GreaterThan(Lanes8 a, Lanes8 b) => new(Vector512.GreaterThan(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 GreaterThanOrEqual(Lanes8 a, Lanes8 b) => new(Vector512.GreaterThanOrEqual(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 Equal(Lanes8 a, Lanes8 b) => new(Vector512.Equals(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 Select(Lanes8 m, Lanes8 a, Lanes8 b) => new(Vector512.ConditionalSelect(m._v, a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 CopySign(Lanes8 m, Lanes8 s) => new(Vector512.CopySign(m._v, s._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyNonZero(Lanes8 m) => m._v.AsUInt64() != Vector512<ulong>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8 ReciprocalEstimate(Lanes8 a) => new((Vector512.Create(0x7FDE623822FC16E6UL) - a._v.AsUInt64()).AsDouble());
}

/// <summary>Two Vector512s advanced together: the same operation on independent data back to back, so that the
/// out-of-order core always finds independent work beside the long dependency chain of a pair-step.</summary>
internal readonly struct Lanes8x2 : ISimdVector<Lanes8x2>
{
    private readonly Vector512<double> _a, _b;
    private Lanes8x2(Vector512<double> a, Vector512<double> b) { _a = a; _b = b; }
    public static int Count => 16;
    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8x2 Broadcast(double x) { var v = Vector512.Create(x); return new(v, v); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8x2 Load(ref double s) => new(Vector512.LoadUnsafe(ref s), Vector512.LoadUnsafe(ref Unsafe.Add(ref s, 8)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Lanes8x2 v, ref double d) { v._a.StoreUnsafe(ref d); v._b.StoreUnsafe(ref Unsafe.Add(ref d, 8)); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8x2 operator +(Lanes8x2 x, Lanes8x2 y) => new(x._a + y._a, x._b + y._b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8x2 operator -(Lanes8x2 x, Lanes8x2 y) => new(x._a - y._a, x._b - y._b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8x2 operator *(Lanes8x2 x, Lanes8x2 y) => new(x._a * y._a, x._b * y._b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8x2 operator /(Lanes8x2 x, Lanes8x2 y) => new(x._a / y._a, x._b / y._b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8x2 Fma(Lanes8x2 x, Lanes8x2 y, Lanes8x2 z) => new(Vector512.FusedMultiplyAdd(x._a, y._a, z._a), Vector512.FusedMultiplyAdd(x._b, y._b, z._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8x2 Sqrt(Lanes8x2 x) => new(Vector512.Sqrt(x._a), Vector512.Sqrt(x._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8x2 Abs(Lanes8x2 x) => new(Vector512.Abs(x._a), Vector512.Abs(x._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8x2 Min(Lanes8x2 x, Lanes8x2 y) => new(Vector512.MinNative(x._a, y._a), Vector512.MinNative(x._b, y._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8x2 Max(Lanes8x2 x, Lanes8x2 y) => new(Vector512.MaxNative(x._a, y._a), Vector512.MaxNative(x._b, y._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8x2 GreaterThan(Lanes8x2 x, Lanes8x2 y) => new(Vector512.GreaterThan(x._a, y._a), Vector512.GreaterThan(x._b, y._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8x2 GreaterThanOrEqual(Lanes8x2 x, Lanes8x2 y) => new(Vector512.GreaterThanOrEqual(x._a, y._a), Vector512.GreaterThanOrEqual(x._b, y._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8x2 Equal(Lanes8x2 x, Lanes8x2 y) => new(Vector512.Equals(x._a, y._a), Vector512.Equals(x._b, y._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8x2 Select(Lanes8x2 m, Lanes8x2 x, Lanes8x2 y) => new(Vector512.ConditionalSelect(m._a, x._a, y._a), Vector512.ConditionalSelect(m._b, x._b, y._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8x2 CopySign(Lanes8x2 x, Lanes8x2 s) => new(Vector512.CopySign(x._a, s._a), Vector512.CopySign(x._b, s._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyNonZero(Lanes8x2 m) => (m._a.AsUInt64() | m._b.AsUInt64()) != Vector512<ulong>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes8x2 ReciprocalEstimate(Lanes8x2 x) => new((Vector512.Create(0x7FDE623822FC16E6UL) - x._a.AsUInt64()).AsDouble(), (Vector512.Create(0x7FDE623822FC16E6UL) - x._b.AsUInt64()).AsDouble());
}

/// <summary>Two Vector256s advanced together: the same operation on independent data back to back, so that the
/// out-of-order core always finds independent work beside the long dependency chain of a pair-step.</summary>
internal readonly struct Lanes4x2 : ISimdVector<Lanes4x2>
{
    private readonly Vector256<double> _a, _b;
    private Lanes4x2(Vector256<double> a, Vector256<double> b) { _a = a; _b = b; }
    public static int Count => 8;
    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4x2 Broadcast(double x) { var v = Vector256.Create(x); return new(v, v); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4x2 Load(ref double s) => new(Vector256.LoadUnsafe(ref s), Vector256.LoadUnsafe(ref Unsafe.Add(ref s, 4)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Lanes4x2 v, ref double d) { v._a.StoreUnsafe(ref d); v._b.StoreUnsafe(ref Unsafe.Add(ref d, 4)); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4x2 operator +(Lanes4x2 x, Lanes4x2 y) => new(x._a + y._a, x._b + y._b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4x2 operator -(Lanes4x2 x, Lanes4x2 y) => new(x._a - y._a, x._b - y._b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4x2 operator *(Lanes4x2 x, Lanes4x2 y) => new(x._a * y._a, x._b * y._b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4x2 operator /(Lanes4x2 x, Lanes4x2 y) => new(x._a / y._a, x._b / y._b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4x2 Fma(Lanes4x2 x, Lanes4x2 y, Lanes4x2 z) => new(Vector256.FusedMultiplyAdd(x._a, y._a, z._a), Vector256.FusedMultiplyAdd(x._b, y._b, z._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4x2 Sqrt(Lanes4x2 x) => new(Vector256.Sqrt(x._a), Vector256.Sqrt(x._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4x2 Abs(Lanes4x2 x) => new(Vector256.Abs(x._a), Vector256.Abs(x._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4x2 Min(Lanes4x2 x, Lanes4x2 y) => new(Vector256.MinNative(x._a, y._a), Vector256.MinNative(x._b, y._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4x2 Max(Lanes4x2 x, Lanes4x2 y) => new(Vector256.MaxNative(x._a, y._a), Vector256.MaxNative(x._b, y._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4x2 GreaterThan(Lanes4x2 x, Lanes4x2 y) => new(Vector256.GreaterThan(x._a, y._a), Vector256.GreaterThan(x._b, y._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4x2 GreaterThanOrEqual(Lanes4x2 x, Lanes4x2 y) => new(Vector256.GreaterThanOrEqual(x._a, y._a), Vector256.GreaterThanOrEqual(x._b, y._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4x2 Equal(Lanes4x2 x, Lanes4x2 y) => new(Vector256.Equals(x._a, y._a), Vector256.Equals(x._b, y._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4x2 Select(Lanes4x2 m, Lanes4x2 x, Lanes4x2 y) => new(Vector256.ConditionalSelect(m._a, x._a, y._a), Vector256.ConditionalSelect(m._b, x._b, y._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4x2 CopySign(Lanes4x2 x, Lanes4x2 s) => new(Vector256.CopySign(x._a, s._a), Vector256.CopySign(x._b, s._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyNonZero(Lanes4x2 m) => (m._a.AsUInt64() | m._b.AsUInt64()) != Vector256<ulong>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes4x2 ReciprocalEstimate(Lanes4x2 x) => new((Vector256.Create(0x7FDE623822FC16E6UL) - x._a.AsUInt64()).AsDouble(), (Vector256.Create(0x7FDE623822FC16E6UL) - x._b.AsUInt64()).AsDouble());
}

/// <summary>Two Vector128s advanced together: the same operation on independent data back to back, so that the
/// out-of-order core always finds independent work beside the long dependency chain of a pair-step.</summary>
internal readonly struct Lanes2x2 : ISimdVector<Lanes2x2>
{
    private readonly Vector128<double> _a, _b;
    private Lanes2x2(Vector128<double> a, Vector128<double> b) { _a = a; _b = b; }
    public static int Count => 4;
    public static bool IsHardwareAccelerated => Vector128.IsHardwareAccelerated;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2x2 Broadcast(double x) { var v = Vector128.Create(x); return new(v, v); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2x2 Load(ref double s) => new(Vector128.LoadUnsafe(ref s), Vector128.LoadUnsafe(ref Unsafe.Add(ref s, 2)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Lanes2x2 v, ref double d) { v._a.StoreUnsafe(ref d); v._b.StoreUnsafe(ref Unsafe.Add(ref d, 2)); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2x2 operator +(Lanes2x2 x, Lanes2x2 y) => new(x._a + y._a, x._b + y._b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2x2 operator -(Lanes2x2 x, Lanes2x2 y) => new(x._a - y._a, x._b - y._b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2x2 operator *(Lanes2x2 x, Lanes2x2 y) => new(x._a * y._a, x._b * y._b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2x2 operator /(Lanes2x2 x, Lanes2x2 y) => new(x._a / y._a, x._b / y._b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2x2 Fma(Lanes2x2 x, Lanes2x2 y, Lanes2x2 z) => new(Vector128.FusedMultiplyAdd(x._a, y._a, z._a), Vector128.FusedMultiplyAdd(x._b, y._b, z._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2x2 Sqrt(Lanes2x2 x) => new(Vector128.Sqrt(x._a), Vector128.Sqrt(x._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2x2 Abs(Lanes2x2 x) => new(Vector128.Abs(x._a), Vector128.Abs(x._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2x2 Min(Lanes2x2 x, Lanes2x2 y) => new(Vector128.MinNative(x._a, y._a), Vector128.MinNative(x._b, y._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2x2 Max(Lanes2x2 x, Lanes2x2 y) => new(Vector128.MaxNative(x._a, y._a), Vector128.MaxNative(x._b, y._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2x2 GreaterThan(Lanes2x2 x, Lanes2x2 y) => new(Vector128.GreaterThan(x._a, y._a), Vector128.GreaterThan(x._b, y._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2x2 GreaterThanOrEqual(Lanes2x2 x, Lanes2x2 y) => new(Vector128.GreaterThanOrEqual(x._a, y._a), Vector128.GreaterThanOrEqual(x._b, y._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2x2 Equal(Lanes2x2 x, Lanes2x2 y) => new(Vector128.Equals(x._a, y._a), Vector128.Equals(x._b, y._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2x2 Select(Lanes2x2 m, Lanes2x2 x, Lanes2x2 y) => new(Vector128.ConditionalSelect(m._a, x._a, y._a), Vector128.ConditionalSelect(m._b, x._b, y._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2x2 CopySign(Lanes2x2 x, Lanes2x2 s) => new(Vector128.CopySign(x._a, s._a), Vector128.CopySign(x._b, s._b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyNonZero(Lanes2x2 m) => (m._a.AsUInt64() | m._b.AsUInt64()) != Vector128<ulong>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes2x2 ReciprocalEstimate(Lanes2x2 x) => new((Vector128.Create(0x7FDE623822FC16E6UL) - x._a.AsUInt64()).AsDouble(), (Vector128.Create(0x7FDE623822FC16E6UL) - x._b.AsUInt64()).AsDouble());
}
