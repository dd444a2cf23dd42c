namespace Rntk.Kernels;

/// <summary>erf and its arcsine dual (docs/math.md §2; Williams 1997).</summary>
public sealed class ErfActivation : Activation
{
    internal ErfActivation() { }

    private const double TwoOverPi = 2 / Math.PI;
    private const double FourOverPi = 4 / Math.PI;
    private static readonly double TwoOverSqrtPi = 2 / Math.Sqrt(Math.PI);

    public override string Name => "erf";
    public override bool HasClosedForm => true;
    public override double Phi(double z) => MathNet.Numerics.SpecialFunctions.Erf(z);
    public override double DPhi(double z) => TwoOverSqrtPi * Math.Exp(-z * z);

    public override (double V, double VDot) Dual(double a, double b, double c)
    {
        double pa = 1 + 2 * a, pb = 1 + 2 * b;
        double v = TwoOverPi * Math.Asin(Math.Clamp(2 * c / Math.Sqrt(pa * pb), -1.0, 1.0));
        // (1+2a)(1+2b) − 4c² = 1 + 2a + 2b + 4(ab − c²) ≥ 1: written this way it never cancels to 0.
        // 2·(a + b) rather than 2a + 2b: bitwise symmetric in (a, b), so k(x, y) and k(y, x) are the same double.
        double det = 1 + 2 * (a + b) + 4 * Math.Max(a * b - c * c, 0);
        return (v, FourOverPi / Math.Sqrt(det));
    }

    public override (double V, double VDot) DualDiagonal(double q) =>
        (TwoOverPi * Math.Asin(2 * q / (1 + 2 * q)), FourOverPi / Math.Sqrt(1 + 4 * q));
}
