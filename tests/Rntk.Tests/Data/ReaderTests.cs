using Rntk.Data;

namespace Rntk.Tests.Data;

public class ReaderTests
{
    [Fact]
    public void Tsv_trailing_NaN_is_padding_and_labels_are_kept_as_text()
    {
        using var d = new TempDir();
        var p = d.Write("X_TRAIN.tsv", "1\t0.5\t-1\t2\n-1\t3\tNaN\tNaN\n10\t1e-3\t2\tnan\n");
        var rows = UcrTsvReader.Read(p);
        Assert.Equal(["1", "-1", "10"], rows.Select(r => r.Label));
        Assert.Equal([0.5, -1, 2], rows[0].Values);
        Assert.Equal([3.0], rows[1].Values);
        Assert.Equal([1e-3, 2], rows[2].Values);
    }

    [Fact]
    public void Tsv_NaN_inside_a_series_names_file_row_and_step()
    {
        using var d = new TempDir();
        var p = d.Write("Dodger_TRAIN.tsv", "1\t1\t2\t3\n2\t1\tNaN\t3\t4\n");
        var e = Assert.Throws<InvalidDataException>(() => UcrTsvReader.Read(p));
        Assert.Contains("Dodger_TRAIN.tsv, row 1", e.Message);
        Assert.Contains("step 1", e.Message);
        Assert.Contains("Interpolate", e.Message);
    }

    [Fact]
    public void Tsv_interpolation_fills_gaps_linearly_and_edges_with_the_nearest_value()
    {
        using var d = new TempDir();
        var p = d.Write("X_TEST.tsv", "1\tNaN\t1\tNaN\tNaN\t4\t5\tNaN\n");
        // Trailing NaN after the last real value are padding, so the series ends at 5.
        var r = UcrTsvReader.Read(p, MissingValues.Interpolate).Single();
        Assert.Equal([1.0, 1, 2, 3, 4, 5], r.Values);
    }

    [Fact]
    public void Txt_with_spaces_and_scientific_notation_is_read()
    {
        using var d = new TempDir();
        var p = d.Write("X_TRAIN.txt", "  1.0000000e+00  -1.2000000e+00   3.5000000e-01\n  2.0000000e+00   4.0000000e+00   5.0000000e+00\n");
        var rows = UcrTsvReader.Read(p);
        Assert.Equal("1.0000000e+00", rows[0].Label);
        Assert.Equal([-1.2, 0.35], rows[0].Values);
    }

    [Fact]
    public void Tsv_bad_number_is_an_error_with_its_position()
    {
        using var d = new TempDir();
        var p = d.Write("X_TRAIN.tsv", "1\t1\t2\n1\t1\tabc\n");
        var e = Assert.Throws<InvalidDataException>(() => UcrTsvReader.Read(p));
        Assert.Contains("row 1 (line 2), step 1: 'abc'", e.Message);
    }

    private const string UnivariateTs =
        "# comment\n@problemName Toy\n@timeStamps false\n@missing true\n@univariate true\n@equalLength true\n@seriesLength 4\n" +
        "@classLabel true a b\n@data\n1,2,3,4:a\n4,3,?,1:b\n";

    [Fact]
    public void Ts_univariate_header_and_missing_values()
    {
        using var d = new TempDir();
        var p = d.Write("Toy_TRAIN.ts", UnivariateTs);
        var e = Assert.Throws<InvalidDataException>(() => TsFileReader.Read(p));
        Assert.Contains("Toy_TRAIN.ts, row 1 (line 11), step 2", e.Message);
        var f = TsFileReader.Read(p, MissingValues.Interpolate);
        Assert.Equal("Toy", f.ProblemName);
        Assert.True(f.EqualLength);
        Assert.Equal(4, f.SeriesLength);
        Assert.Equal(["a", "b"], f.DeclaredClassLabels);
        Assert.Equal([4.0, 3, 2, 1], f.Rows[1].Values);
        Assert.Equal(1, f.Channels);
    }

    [Fact]
    public void Ts_multivariate_dimensions_are_interleaved_step_by_step()
    {
        using var d = new TempDir();
        var p = d.Write("M_TRAIN.ts",
            "@problemName M\n@timeStamps false\n@univariate false\n@dimensions 2\n@equalLength false\n@classLabel true 1 2\n@data\n" +
            "1,2,3:10,20,30:2\n5,6,?:7,8,?:1\n");
        var f = TsFileReader.Read(p);
        Assert.Equal(2, f.Channels);
        Assert.Equal([1.0, 10, 2, 20, 3, 30], f.Rows[0].Values);
        Assert.Equal(3, f.Rows[0].Length);
        // @equalLength false: missing values at the end of every dimension are padding.
        Assert.Equal([5.0, 7, 6, 8], f.Rows[1].Values);
        Assert.Equal("1", f.Rows[1].Label);
    }

    [Theory]
    [InlineData("@timeStamps true\n@classLabel true 1\n@data\n1,2:1\n", "time-stamped")]
    [InlineData("@classLabel false\n@data\n1,2\n", "@classLabel true")]
    [InlineData("@classLabel true 1 2\n@data\n1,2:3\n", "class label '3'")]
    [InlineData("@univariate false\n@classLabel true 1\n@data\n1,2:1,2,3:1\n", "dimension 1 has 3 values")]
    [InlineData("@equalLength true\n@seriesLength 3\n@classLabel true 1\n@data\n1,2:1\n", "@seriesLength 3")]
    [InlineData("@classLabel true 1\n@data\n1,x:1\n", "'x' is not a finite number")]
    [InlineData("@classLabel true 1\n1,2:1\n", "header tag")]
    public void Ts_bad_files_fail_with_a_clear_message(string text, string expected)
    {
        using var d = new TempDir();
        var p = d.Write("B_TRAIN.ts", text);
        var e = Assert.ThrowsAny<Exception>(() => TsFileReader.Read(p));
        Assert.True(e is InvalidDataException or NotSupportedException, e.GetType().Name);
        Assert.Contains(expected, e.Message);
    }
}
