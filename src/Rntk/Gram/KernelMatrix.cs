namespace Rntk.Gram;

/// <summary>A dense row-major matrix of kernel values (rows × columns).</summary>
public sealed class KernelMatrix
{
    public int Rows { get; }
    public int Columns { get; }
    /// <summary>Row-major storage; element (i, j) at i·Columns + j.</summary>
    public double[] Data { get; }

    public KernelMatrix(int rows, int columns) : this(rows, columns, new double[Length(rows, columns)])
    {
    }

    /// <summary>rows × columns, checked to be a valid shape that fits one array.</summary>
    private static int Length(int rows, int columns)
    {
        if (rows < 0 || columns < 0) throw new ArgumentOutOfRangeException(nameof(rows));
        long length = (long)rows * columns;
        return length <= Array.MaxLength ? (int)length : throw new OutOfMemoryException(
            $"A {rows}×{columns} matrix does not fit one array; stream it to a .npy file instead.");
    }

    /// <summary>
    /// A matrix whose storage is not zeroed first, for producers that write every entry (the GPU engine's scatter and
    /// mirror). Zeroing a fresh gigabyte touches every page on one thread; left to the producer, the pages are first
    /// touched by its parallel writers instead.
    /// </summary>
    internal static KernelMatrix Uninitialized(int rows, int columns) =>
        new(rows, columns, GC.AllocateUninitializedArray<double>(Length(rows, columns)));

    public KernelMatrix(int rows, int columns, double[] data)
    {
        if (data.Length != (long)rows * columns) throw new ArgumentException("Data length does not match the shape.");
        Rows = rows;
        Columns = columns;
        Data = data;
    }

    public double this[int i, int j]
    {
        get => Data[i * Columns + j];
        set => Data[i * Columns + j] = value;
    }

    public ReadOnlySpan<double> Row(int i) => new(Data, i * Columns, Columns);

    /// <summary>A copy as a 2-D array.</summary>
    public double[,] ToArray()
    {
        var a = new double[Rows, Columns];
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < Columns; j++) a[i, j] = Data[i * Columns + j];
        return a;
    }

    /// <summary>A copy as a MathNet dense matrix.</summary>
    public MathNet.Numerics.LinearAlgebra.Matrix<double> ToMatrix() =>
        MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(Rows, Columns, (i, j) => Data[i * Columns + j]);

    /// <summary>Rows [r0, r0+nr) and columns [c0, c0+nc), copied.</summary>
    public KernelMatrix Slice(IReadOnlyList<int> rows, IReadOnlyList<int> columns)
    {
        var m = new KernelMatrix(rows.Count, columns.Count);
        for (int i = 0; i < rows.Count; i++)
            for (int j = 0; j < columns.Count; j++) m.Data[i * columns.Count + j] = Data[rows[i] * Columns + columns[j]];
        return m;
    }

    public double Sum()
    {
        double s = 0;
        foreach (var v in Data) s += v;
        return s;
    }
}
