namespace Rntk.Kernels;

/// <summary>ReLU and its arc-cosine dual (docs/math.md §2).</summary>
public sealed class ReluActivation : Activation
{
    internal ReluActivation() { }

    public override string Name => "relu";
    public override bool HasClosedForm => true;
    public override double Phi(double z) => z > 0 ? z : 0;
    public override double DPhi(double z) => z > 0 ? 1 : 0;

    public override (double V, double VDot) Dual(double a, double b, double c)
    {
        double ab = a * b;
        if (!(ab > 0)) return (0, 0.25); // one variance is zero: φ(u)φ(v) = 0; V̇ never matters there (§2).
        double s = Math.Sqrt(ab);
        double rho = Math.Clamp(c / s, -1.0, 1.0);
        double theta = Math.Acos(rho);
        double v = s / (2 * Math.PI) * (rho * (Math.PI - theta) + Math.Sqrt(1 - rho * rho));
        double vdot = (Math.PI - theta) / (2 * Math.PI);
        return (v, vdot);
    }

    // ρ = 1 exactly: V = q/2, V̇ = 1/2, without acos of a rounded correlation.
    public override (double V, double VDot) DualDiagonal(double q) => (0.5 * q, 0.5);
}
