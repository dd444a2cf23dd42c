namespace Rntk.Gram;

/// <summary>
/// Cosine normalisation of a kernel: K̃(x, y) = K(x, y) / √(K(x, x) · K(y, y)). The result has a unit diagonal, stays
/// positive semi-definite (it is D^{-1/2} K D^{-1/2} with D = diag K) and is bounded by 1 in absolute value.
/// </summary>
/// <remarks>
/// Why: with σw² = 2 the RNTK's self value Θ(x, x) grows linearly with the length T while cross values level off
/// (docs/math.md §7), so on long series the Gram is a large diagonal over a nearly constant block and an SVM sees
/// little but the diagonal. Normalising removes that scale and keeps only the kernel's notion of angle. It is a
/// rescaling of values the recursion already gives (the Gram's diagonal and the self values of the other set),
/// so a normalised kernel costs no extra Gram pass.
/// </remarks>
/// <example>
/// <code>
/// var k = new RntkKernel(cfg);
/// var train = k.Gram(trainSet).Rntk;                           // n × n, self values on its diagonal
/// var cross = k.CrossGram(testSet, trainSet).Rntk;             // m × n
/// var testSelf = k.SelfValues(testSet);                       // m self values: O(m·T), not a test × test Gram
/// var trainN = KernelNormalization.Cosine(train);
/// var crossN = KernelNormalization.Cosine(cross, testSelf.Select(v => v.Rntk).ToArray(), KernelNormalization.Diagonal(train));
/// </code>
/// </example>
public static class KernelNormalization
{
    /// <summary>
    /// The normalised square Gram K̃ = D^{-1/2} K D^{-1/2}, D its own diagonal (a new matrix; the input is unchanged).
    /// <paramref name="itemName"/> names the items in errors ("training item 12").
    /// </summary>
    /// <exception cref="ArgumentException">The matrix is not square, or a diagonal entry is not positive and finite (the message names the item).</exception>
    public static KernelMatrix Cosine(KernelMatrix gram, string itemName = "item")
    {
        ArgumentNullException.ThrowIfNull(gram);
        if (gram.Rows != gram.Columns)
            throw new ArgumentException($"A Gram normalised by its own diagonal must be square (got {gram.Rows}×{gram.Columns}); " +
                "pass the self values of rows and columns for a rectangular one.", nameof(gram));
        var d = Diagonal(gram);
        return Cosine(gram, d, d, itemName, itemName);
    }

    /// <summary>
    /// The normalised matrix K̃[i, j] = K[i, j] / √(rowSelf[i] · columnSelf[j]) for any block of a kernel, e.g. the test ×
    /// train cross Gram with the test items' self values (<see cref="Kernels.RntkKernel.SelfValues"/>) and the train
    /// Gram's diagonal. <paramref name="rowName"/> and <paramref name="columnName"/> name the items in errors.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The self values do not match the shape, or one is not positive and finite (a zero-norm item has no direction to
    /// normalise; the message names the item and its value).
    /// </exception>
    public static KernelMatrix Cosine(
        KernelMatrix matrix, ReadOnlySpan<double> rowSelf, ReadOnlySpan<double> columnSelf, string rowName = "row", string columnName = "column")
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (rowSelf.Length != matrix.Rows)
            throw new ArgumentException($"{rowSelf.Length} {rowName} self values for a matrix of {matrix.Rows} rows.", nameof(rowSelf));
        if (columnSelf.Length != matrix.Columns)
            throw new ArgumentException($"{columnSelf.Length} {columnName} self values for a matrix of {matrix.Columns} columns.", nameof(columnSelf));
        var rowRoot = Roots(rowSelf, rowName, nameof(rowSelf));
        var columnRoot = Roots(columnSelf, columnName, nameof(columnSelf));
        var result = new KernelMatrix(matrix.Rows, matrix.Columns);
        int cols = matrix.Columns;
        for (int i = 0; i < matrix.Rows; i++)
        {
            var src = matrix.Data.AsSpan(i * cols, cols);
            var dst = result.Data.AsSpan(i * cols, cols);
            double ri = rowRoot[i], si = rowSelf[i];
            for (int j = 0; j < cols; j++)
            {
                double k = src[j];
                // An item with itself (K = both self values) is 1 by definition; k / (√k·√k) can miss it by an ulp.
                // Roots are taken separately so that K(x,x)·K(y,y) cannot overflow for large kernels.
                dst[j] = k == si && k == columnSelf[j] ? 1.0 : k / (ri * columnRoot[j]);
            }
        }
        return result;
    }

    /// <summary>The diagonal of a square matrix (a copy).</summary>
    public static double[] Diagonal(KernelMatrix gram)
    {
        ArgumentNullException.ThrowIfNull(gram);
        if (gram.Rows != gram.Columns) throw new ArgumentException($"Only a square matrix has a diagonal (got {gram.Rows}×{gram.Columns}).", nameof(gram));
        var d = new double[gram.Rows];
        for (int i = 0; i < d.Length; i++) d[i] = gram[i, i];
        return d;
    }

    private static double[] Roots(ReadOnlySpan<double> self, string name, string parameter)
    {
        var s = new double[self.Length];
        for (int i = 0; i < self.Length; i++)
        {
            double v = self[i];
            if (!double.IsFinite(v) || v <= 0)
                throw new ArgumentException(
                    $"Cannot cosine-normalise: the self value K(x, x) of {name} {i} is {v}; it must be positive and finite " +
                    (double.IsFinite(v) ? "(an all-zero series with no bias has no direction)." : "(the kernel overflowed)."), parameter);
            s[i] = Math.Sqrt(v);
        }
        return s;
    }
}
