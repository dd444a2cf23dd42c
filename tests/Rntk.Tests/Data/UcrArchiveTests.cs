using Rntk.Data;

namespace Rntk.Tests.Data;

public class UcrArchiveTests
{
    [Fact]
    public void Data_dir_comes_from_the_option_then_the_environment_then_data_ucr()
    {
        Assert.Equal(Path.GetFullPath("/opt/a"), UcrArchive.ResolveDataDirWith("/opt/a", "/opt/b"));
        Assert.Equal(Path.GetFullPath("/opt/b"), UcrArchive.ResolveDataDirWith(null, "/opt/b"));
        Assert.Equal(Path.GetFullPath("data/ucr"), UcrArchive.ResolveDataDirWith(null, null));
        Assert.Equal(Path.GetFullPath("data/ucr"), UcrArchive.ResolveDataDirWith("  ", ""));
    }

    [Fact]
    public void Tsv_and_ts_copies_of_one_dataset_load_identically()
    {
        using var d = new TempDir();
        d.Write("A/A_TRAIN.tsv", "2\t1\t2\t3\n1\t4\t5\tNaN\n");
        d.Write("A/A_TEST.tsv", "1\t0\t1\t2\n");
        const string header = "@problemName A\n@timeStamps false\n@univariate true\n@equalLength false\n@classLabel true 1 2\n@data\n";
        d.Write("B/B_TRAIN.ts", header + "1,2,3:2\n4,5:1\n");
        d.Write("B/B_TEST.ts", header + "0,1,2:1\n");
        d.Write("C/C_TRAIN.tsv", "1\t1\n"); // no TEST: not listed
        Assert.Equal(["A", "B"], UcrArchive.ListDatasets(d.Path));
        var (atr, ate) = UcrArchive.Load("A", d.Path);
        var (btr, bte) = UcrArchive.Load("B", d.Path);
        Assert.Equal(["1", "2"], atr.ClassNames);
        Assert.Equal([1, 0], atr.Labels);
        Assert.Equal(atr.Labels, btr.Labels);
        Assert.Equal(ate.Labels, bte.Labels);
        for (int i = 0; i < 2; i++) Assert.Equal(atr.Sequences[i].Values.ToArray(), btr.Sequences[i].Values.ToArray());
        Assert.Equal((2, 3), (atr.MinLength, atr.MaxLength));
    }

    [Fact]
    public void A_missing_dataset_says_where_it_looked_and_how_to_fetch_it()
    {
        using var d = new TempDir();
        var e = Assert.Throws<DirectoryNotFoundException>(() => UcrArchive.Load("GunPoint", d.Path));
        Assert.Contains(Path.Combine(d.Path, "GunPoint"), e.Message);
        Assert.Contains("rntk data fetch GunPoint", e.Message);
        Assert.Contains("RNTK_DATA_DIR", e.Message);
        d.Write("X/X_TRAIN.tsv", "1\t1\n");
        Assert.Contains("lacks its TEST file", Assert.Throws<DirectoryNotFoundException>(() => UcrArchive.Load("X", d.Path)).Message);
        Assert.Throws<ArgumentException>(() => UcrArchive.Load("../X", d.Path));
    }

    [Fact]
    public void A_test_label_unseen_in_training_is_an_error()
    {
        using var d = new TempDir();
        d.Write("A/A_TRAIN.tsv", "1\t1\t2\n2\t2\t1\n");
        d.Write("A/A_TEST.tsv", "1\t1\t2\n3\t2\t1\n");
        var e = Assert.Throws<InvalidDataException>(() => UcrArchive.Load("A", d.Path));
        Assert.Contains("A_TEST.tsv, row 1", e.Message);
    }

    [Fact]
    public void Options_normalise_pad_and_interpolate_and_are_recorded()
    {
        using var d = new TempDir();
        d.Write("A/A_TRAIN.tsv", "1\t1\tNaN\t3\t4\n2\t7\t7\tNaN\tNaN\n");
        d.Write("A/A_TEST.tsv", "1\t1\t2\n");
        Assert.Throws<InvalidDataException>(() => UcrArchive.Load("A", d.Path));
        var (tr, te) = UcrArchive.Load("A", d.Path, LoadOptions.ArchiveReference);
        Assert.Same(LoadOptions.ArchiveReference, tr.Options);
        Assert.Equal("znorm=on missing=interpolate length=zeropad", tr.Options.ToString());
        Assert.All(tr.Sequences.Concat(te.Sequences), s => Assert.Equal(4, s.Length));
        // Row 0: (1, 2, 3, 4) after interpolation, z-normalised.
        Assert.Equal(-1.5 / Math.Sqrt(1.25), tr.Sequences[0][0, 0], 12);
        // Row 1: (7, 7) padded with zeros to (7, 7, 0, 0), then z-normalised: ±1.
        Assert.Equal([1.0, 1, -1, -1], tr.Sequences[1].Values.ToArray());
        Assert.Equal("znorm=off missing=error length=variable", LoadOptions.Default.ToString());
    }

    [Fact]
    public void Local_archive_loads_with_the_published_sizes()
    {
        string dir = TestPaths.RequireUcr();
        var summary = UcrSummary.Read(UcrSummary.Find(dir)!);
        var loaded = new Dictionary<string, (LabeledDataset Train, LabeledDataset Test)>();
        foreach (var name in new[] { "GunPoint", "Lightning2", "PLAID" })
        {
            var (tr, te) = loaded[name] = UcrArchive.Load(name, dir);
            Assert.Equal(summary[name].Train, tr.Count);
            Assert.Equal(summary[name].Test, te.Count);
            Assert.Equal(summary[name].Classes, tr.ClassCount);
            if (summary[name].Length is { } len) Assert.Equal((len, len), (tr.MinLength, te.MaxLength));
        }
        Assert.Equal(["-1", "1"], loaded["Lightning2"].Train.ClassNames);
        var plaid = loaded["PLAID"];
        // Variable length: the NaN padding is gone (index.csv: lengths 101–1344).
        Assert.Equal((101, 1344), (Math.Min(plaid.Train.MinLength, plaid.Test.MinLength), Math.Max(plaid.Train.MaxLength, plaid.Test.MaxLength)));
        Assert.Contains("GunPoint", UcrArchive.ListDatasets(dir));
    }
}
