using Rntk.Data;

namespace Rntk.Tests.Data;

public class ClassLabelsTests
{
    [Fact]
    public void Numeric_labels_sort_as_numbers_and_equal_values_are_one_class()
    {
        var c = new ClassLabels(["10", "2", "-1", "1", "2.0"]);
        Assert.True(c.Numeric);
        Assert.Equal(["-1", "1", "2", "10"], c.ClassNames);
        Assert.Equal(2, c.Map("2.0", "x"));
        Assert.Equal(2, c.Map("2.000e0", "x"));
        Assert.Equal(3, c.Map("10", "x"));
    }

    [Fact]
    public void Text_labels_sort_ordinally()
    {
        var c = new ClassLabels(["b", "a", "B", "10", "9"]);
        Assert.False(c.Numeric);
        Assert.Equal(["10", "9", "B", "a", "b"], c.ClassNames);
    }

    [Fact]
    public void A_label_unseen_in_training_is_an_error_naming_where()
    {
        var c = new ClassLabels(["1", "2"]);
        var e = Assert.Throws<InvalidDataException>(() => c.Map("3", "X_TEST.tsv, row 7"));
        Assert.Contains("X_TEST.tsv, row 7", e.Message);
        Assert.Contains("'3'", e.Message);
    }
}
