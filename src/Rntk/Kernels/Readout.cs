namespace Rntk.Kernels;

/// <summary>How the network's output reads the last layer's hidden states (docs/math.md §1, §5).</summary>
public enum Readout
{
    /// <summary>f(x) = σv/√n · V h^(L,T): the RNTK of P1.</summary>
    LastStep,
    /// <summary>f(x) = σv/√n · V (1/T) Σ_t h^(L,t): P2's average-pooling RNN kernel.</summary>
    AveragePooling,
}

/// <summary>Which way the recurrent network reads the sequence (docs/math.md §5).</summary>
public enum Direction
{
    /// <summary>One RNN reads x_1 … x_T.</summary>
    Forward,
    /// <summary>A second RNN with independent parameters reads the reversed sequence; readouts add.</summary>
    Bidirectional,
}

/// <summary>How the initial hidden state h^(ℓ,0) ~ N(0, σh² I) is drawn (docs/math.md §1).</summary>
public enum InitialState
{
    /// <summary>Drawn anew for every input (the authors' code): boundary σh²·1[x is x′].</summary>
    Independent,
    /// <summary>One draw shared by all inputs: boundary σh² for every pair of equal length.</summary>
    Shared,
}
