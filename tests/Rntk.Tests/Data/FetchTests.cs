using System.IO.Compression;
using System.Text;
using Rntk.Cli;
using Rntk.Data;

namespace Rntk.Tests.Data;

public class FetchTests
{
    private const string TsHeader = "@problemName Toy\n@timeStamps false\n@missing false\n@univariate true\n@equalLength true\n@seriesLength 3\n@classLabel true 1 2\n@data\n";

    /// <summary>A zip laid out as the archive's per-dataset zips: a folder with TRAIN/TEST in several formats.</summary>
    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open(), Encoding.UTF8);
                w.Write(text);
            }
        }
        return ms.ToArray();
    }

    private static byte[] ToyZip() => Zip(
        ("Toy/Toy_TRAIN.ts", TsHeader + "1,2,3:1\n3,2,1:2\n0,1,0:1\n"),
        ("Toy/Toy_TEST.ts", TsHeader + "1,2,2:1\n3,3,1:2\n"),
        ("Toy/Toy_TRAIN.arff", "@relation Toy\n"),
        ("Toy/Toy_TEST.arff", "@relation Toy\n"),
        ("Toy/readme.txt", "not a split"));

    private static void AssertEmpty(string dir) =>
        Assert.Empty(Directory.Exists(dir) ? Directory.GetFileSystemEntries(dir) : []);

    [Fact]
    public async Task Fetch_downloads_verifies_and_installs_the_dataset()
    {
        using var server = new LocalHttpServer();
        using var d = new TempDir();
        server.Serve("Toy.zip", ToyZip());
        var r = await DatasetFetcher.FetchAsync("Toy", d.Path, server.BaseUrl);
        Assert.Equal(Path.Combine(d.Path, "Toy"), r.Folder);
        Assert.Equal(["Toy_TEST.arff", "Toy_TEST.ts", "Toy_TRAIN.arff", "Toy_TRAIN.ts"], r.Files);
        Assert.Equal((3, 2), (r.TrainCount, r.TestCount));
        Assert.Equal(["Toy"], Directory.GetFileSystemEntries(d.Path).Select(Path.GetFileName));
        var (tr, te) = UcrArchive.Load("Toy", d.Path);
        Assert.Equal([0, 1, 0], tr.Labels);
        Assert.Equal([3.0, 3, 1], te.Sequences[1].Values.ToArray());

        // An existing folder is kept unless replacement is asked for.
        await Assert.ThrowsAsync<IOException>(() => DatasetFetcher.FetchAsync("Toy", d.Path, server.BaseUrl));
        server.Serve("Toy.zip", Zip(("Toy_TRAIN.tsv", "1\t5\t6\n"), ("Toy_TEST.tsv", "1\t7\t8\n")));
        r = await DatasetFetcher.FetchAsync("Toy", d.Path, server.BaseUrl, overwrite: true);
        Assert.Equal(["Toy_TEST.tsv", "Toy_TRAIN.tsv"], r.Files);
        Assert.Equal(["Toy_TEST.tsv", "Toy_TRAIN.tsv"], Directory.GetFiles(Path.Combine(d.Path, "Toy")).Select(Path.GetFileName).Order());
        Assert.Equal(["Toy"], Directory.GetFileSystemEntries(d.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_truncated_download_leaves_nothing_behind()
    {
        using var server = new LocalHttpServer();
        using var d = new TempDir();
        var zip = ToyZip();
        server.Serve("Toy.zip", zip, sendBytes: zip.Length / 2);
        var e = await Assert.ThrowsAsync<IOException>(() => DatasetFetcher.FetchAsync("Toy", d.Path, server.BaseUrl));
        Assert.Contains("Toy.zip", e.Message);
        AssertEmpty(d.Path);
    }

    [Fact]
    public async Task A_bad_zip_an_incomplete_zip_or_a_404_leave_nothing_behind()
    {
        using var server = new LocalHttpServer();
        using var d = new TempDir();
        server.Serve("Bad.zip", Encoding.ASCII.GetBytes("<html>not a zip</html>"));
        var e1 = await Assert.ThrowsAsync<InvalidDataException>(() => DatasetFetcher.FetchAsync("Bad", d.Path, server.BaseUrl));
        Assert.Contains("not a valid zip", e1.Message);
        AssertEmpty(d.Path);

        server.Serve("Half.zip", Zip(("Half/Half_TRAIN.ts", TsHeader + "1,2,3:1\n")));
        var e2 = await Assert.ThrowsAsync<InvalidDataException>(() => DatasetFetcher.FetchAsync("Half", d.Path, server.BaseUrl));
        Assert.Contains("no Half_TEST file", e2.Message);
        AssertEmpty(d.Path);

        server.Serve("Broken.zip", Zip(("Broken_TRAIN.ts", TsHeader + "1,2,3:1\n"), ("Broken_TEST.ts", TsHeader + "1,2,oops:1\n")));
        var e3 = await Assert.ThrowsAsync<InvalidDataException>(() => DatasetFetcher.FetchAsync("Broken", d.Path, server.BaseUrl));
        Assert.Contains("oops", e3.Message);
        AssertEmpty(d.Path);

        var e4 = await Assert.ThrowsAsync<IOException>(() => DatasetFetcher.FetchAsync("Nowhere", d.Path, server.BaseUrl));
        Assert.Contains("404", e4.Message);
        AssertEmpty(d.Path);
    }

    [Fact]
    public async Task Names_and_url_bases_are_checked_before_any_network_access()
    {
        using var d = new TempDir();
        await Assert.ThrowsAsync<ArgumentException>(() => DatasetFetcher.FetchAsync("../etc", d.Path, "http://127.0.0.1:1/"));
        await Assert.ThrowsAsync<ArgumentException>(() => DatasetFetcher.FetchAsync("Toy", d.Path, "ftp://127.0.0.1/"));
        Assert.Equal("https://www.timeseriesclassification.com/aeon-toolkit/GunPoint.zip", DatasetFetcher.ZipUri("GunPoint").ToString());
    }

    [Fact]
    public void Cli_data_fetch_then_list()
    {
        using var server = new LocalHttpServer();
        using var d = new TempDir();
        server.Serve("Toy.zip", ToyZip());
        var (rc, stdout, stderr) = Run(["data", "fetch", "Toy", "--data-dir", d.Path, "--url-base", server.BaseUrl, "--json"]);
        Assert.True(rc == 0, stderr);
        Assert.Contains("\"n_train\":3", stdout);
        (rc, stdout, stderr) = Run(["data", "list", "--data-dir", d.Path]);
        Assert.True(rc == 0, stderr);
        Assert.Matches(@"Toy\s+3\s+2\s+3\s+2\s+1", stdout);
        (rc, _, stderr) = Run(["data", "fetch", "Missing", "--data-dir", d.Path, "--url-base", server.BaseUrl]);
        Assert.Equal(2, rc);
        Assert.Contains("404", stderr);
    }

    internal static (int Rc, string Stdout, string Stderr) Run(string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int rc = CommandLine.Run(args, o, e);
        return (rc, o.ToString(), e.ToString());
    }
}
