namespace Rntk.Networks;

/// <summary>
/// Deterministic seed derivation: every random draw (a network's weights, one input's initial state) gets its
/// own stream, named by a path of integers, so results never depend on the order in which threads run.
/// </summary>
/// <remarks>SplitMix64's finaliser (Steele, Lea, Flood 2014) mixes each path element into 64 well-spread bits.</remarks>
public static class Seeds
{
    /// <summary>A 64-bit seed derived from a parent seed and one more path element.</summary>
    public static long Derive(long parent, long element) =>
        unchecked((long)Mix((ulong)parent * 0x9E3779B97F4A7C15UL + (ulong)element + 0x632BE59BD9B4E019UL));

    /// <summary>Derives along a path of elements.</summary>
    public static long Derive(long parent, long e1, long e2) => Derive(Derive(parent, e1), e2);

    /// <summary>Derives along a path of elements.</summary>
    public static long Derive(long parent, long e1, long e2, long e3) => Derive(Derive(Derive(parent, e1), e2), e3);

    /// <summary>A fast, non-thread-safe generator for one stream.</summary>
    internal static Xoshiro256 Generator(long seed) => new(seed);

    /// <summary>Fills <paramref name="values"/> with i.i.d. N(0, σ²) draws from the stream <paramref name="seed"/>.</summary>
    internal static void FillNormal(long seed, Span<double> values, double sigma = 1.0) => Generator(seed).FillNormal(values, sigma);

    internal static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>
    /// xoshiro256** (Blackman and Vigna 2018) with its full state seeded from a 64-bit seed by SplitMix64.
    /// Our own because MathNet's Xoshiro256StarStar takes only a 32-bit seed: with thousands of derived streams
    /// (networks × inputs × directions) 32 bits would make two identical streams likely enough to matter.
    /// </summary>
    internal sealed class Xoshiro256
    {
        private ulong _s0, _s1, _s2, _s3;

        public Xoshiro256(long seed)
        {
            ulong x = unchecked((ulong)seed);
            _s0 = Next64(ref x); _s1 = Next64(ref x); _s2 = Next64(ref x); _s3 = Next64(ref x);
        }

        private static ulong Next64(ref ulong x)
        {
            x = unchecked(x + 0x9E3779B97F4A7C15UL);
            return Mix(x);
        }

        public ulong NextUInt64()
        {
            ulong result = unchecked(ulong.RotateLeft(_s1 * 5, 7) * 9);
            ulong t = _s1 << 17;
            _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
            _s2 ^= t;
            _s3 = ulong.RotateLeft(_s3, 45);
            return result;
        }

        /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        /// <summary>
        /// i.i.d. N(0, σ²) by the ziggurat method (Marsaglia and Tsang 2000, in Doornik's 2005 ZIGNOR form, which
        /// takes the layer index and the uniform from disjoint bits). Our own because MathNet's Normal.Samples (polar
        /// Box–Muller, with a buffer of uniforms allocated per call) cost more than running the network when drawing
        /// the n² weights; the ziggurat needs one 64-bit draw and a compare for ~99% of the values.
        /// </summary>
        public void FillNormal(Span<double> values, double sigma)
        {
            for (int i = 0; i < values.Length; i++) values[i] = sigma * NextNormal();
        }

        public double NextNormal()
        {
            var x = ZigX;
            var r = ZigR;
            while (true)
            {
                ulong bits = NextUInt64();
                double u = 2 * ((bits >> 11) * (1.0 / (1UL << 53))) - 1; // bits 11..63: uniform on [−1, 1)
                int i = (int)(bits & 0x7F);                               // bits 0..6: the layer
                if (Math.Abs(u) < r[i]) return u * x[i];                  // inside the layer's rectangle
                if (i == 0) return Tail(u < 0);                           // the base layer's tail beyond R
                double z = u * x[i];                                      // the wedge: accept with density
                double f0 = Math.Exp(-0.5 * (x[i] * x[i] - z * z));
                double f1 = Math.Exp(-0.5 * (x[i + 1] * x[i + 1] - z * z));
                if (f1 + NextDouble() * (f0 - f1) < 1.0) return z;
            }
        }

        // Marsaglia's tail algorithm for |z| > R.
        private double Tail(bool negative)
        {
            double x, y;
            do
            {
                x = Math.Log(1.0 - NextDouble()) / ZigRTail;
                y = Math.Log(1.0 - NextDouble());
            } while (-2 * y < x * x);
            return negative ? x - ZigRTail : ZigRTail - x;
        }

        private const int ZigLayers = 128;
        private const double ZigRTail = 3.442619855899;            // start of the tail
        private const double ZigArea = 9.91256303526217e-3;        // area of each layer (R·φ(R) + P(X ≥ R))·√(2π)
        private static readonly double[] ZigX = new double[ZigLayers + 1];
        private static readonly double[] ZigR = new double[ZigLayers];

        static Xoshiro256()
        {
            double f = Math.Exp(-0.5 * ZigRTail * ZigRTail);
            ZigX[0] = ZigArea / f; // the base layer: rectangle plus tail, as wide as its area demands
            ZigX[1] = ZigRTail;
            ZigX[ZigLayers] = 0;
            for (int i = 2; i < ZigLayers; i++)
            {
                ZigX[i] = Math.Sqrt(-2 * Math.Log(ZigArea / ZigX[i - 1] + f));
                f = Math.Exp(-0.5 * ZigX[i] * ZigX[i]);
            }
            for (int i = 0; i < ZigLayers; i++) ZigR[i] = ZigX[i + 1] / ZigX[i];
        }
    }
}
