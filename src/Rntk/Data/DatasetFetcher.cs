using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Rntk.Data;

/// <summary>What <see cref="DatasetFetcher.FetchAsync"/> did.</summary>
public sealed record FetchResult(string Name, string Folder, Uri Source, long Bytes, IReadOnlyList<string> Files, int TrainCount, int TestCount);

/// <summary>
/// Downloads one dataset from the archive's public per-dataset zip files
/// (<c>https://www.timeseriesclassification.com/aeon-toolkit/Name.zip</c>, holding Name_TRAIN/TEST as .ts, .txt,
/// .arff and sometimes .tsv), verifies it and installs it as <c>DIR/Name/</c> atomically.
/// </summary>
/// <remarks>
/// Atomic: the zip is downloaded to a temporary file and unpacked into a temporary folder beside the target, both
/// splits are parsed, and only then is the folder renamed into place. A failed, truncated or invalid download leaves
/// nothing behind. Only the TRAIN/TEST files of the dataset are taken from the zip, by file name (no path from the
/// zip is used, so entries cannot escape the folder).
/// </remarks>
public static partial class DatasetFetcher
{
    public const string DefaultUrlBase = "https://www.timeseriesclassification.com/aeon-toolkit/";

    /// <summary>Extensions copied out of the zip (.arff is kept for other tools; it is not read here).</summary>
    private static readonly string[] Copied = [".tsv", ".ts", ".txt", ".arff"];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex ValidName();

    /// <summary>The zip's address: <paramref name="urlBase"/> (default <see cref="DefaultUrlBase"/>) + Name.zip.</summary>
    public static Uri ZipUri(string name, string? urlBase = null)
    {
        string b = string.IsNullOrWhiteSpace(urlBase) ? DefaultUrlBase : urlBase;
        if (!b.EndsWith('/')) b += "/";
        if (!Uri.TryCreate(b, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"The URL base must be an absolute http(s) URL (got '{urlBase}').");
        return new Uri(baseUri, Uri.EscapeDataString(name) + ".zip");
    }

    /// <summary>Downloads, verifies and installs <paramref name="name"/> into <paramref name="dataDir"/>/<paramref name="name"/>.</summary>
    /// <param name="name">Dataset name as the archive spells it (e.g. "GunPoint").</param>
    /// <param name="dataDir">The data folder (created if missing).</param>
    /// <param name="urlBase">Where the zips are served; null for the archive.</param>
    /// <param name="overwrite">Replace an existing folder (atomically) instead of failing.</param>
    /// <param name="http">A client to use (tests, proxies); null for a new one.</param>
    /// <param name="progress">Bytes received so far.</param>
    /// <param name="cancellationToken">Cancels the download; nothing is left behind.</param>
    /// <exception cref="IOException">The folder exists (without <paramref name="overwrite"/>), the download failed or was truncated.</exception>
    /// <exception cref="InvalidDataException">Not a zip, no TRAIN/TEST file in it, or a file that does not parse.</exception>
    public static async Task<FetchResult> FetchAsync(
        string name, string dataDir, string? urlBase = null, bool overwrite = false, HttpClient? http = null,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || !ValidName().IsMatch(name) || name.Contains(".."))
            throw new ArgumentException($"'{name}' is not a dataset name (letters, digits, '_', '-', '.').");
        var uri = ZipUri(name, urlBase);
        dataDir = Path.GetFullPath(dataDir);
        string target = Path.Combine(dataDir, name);
        if (Directory.Exists(target) && !overwrite)
            throw new IOException($"{target} already exists; delete it or fetch with overwrite (--force) to replace it.");
        Directory.CreateDirectory(dataDir);
        string tag = Guid.NewGuid().ToString("N")[..12];
        string zipPath = Path.Combine(dataDir, $".{name}.{tag}.download");
        string staging = Path.Combine(dataDir, $".{name}.{tag}.tmp");
        string retired = Path.Combine(dataDir, $".{name}.{tag}.old");
        bool ownClient = http is null;
        http ??= new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
        try
        {
            long bytes = await DownloadAsync(http, uri, zipPath, progress, cancellationToken).ConfigureAwait(false);
            var files = Unpack(zipPath, name, staging, uri);
            var (train, test) = Verify(name, staging);
            if (Directory.Exists(target))
            {
                // Replace: move the old folder aside, the new one in, then delete the old one.
                Directory.Move(target, retired);
                Directory.Move(staging, target);
                Directory.Delete(retired, recursive: true);
            }
            else Directory.Move(staging, target);
            return new FetchResult(name, target, uri, bytes, files, train, test);
        }
        finally
        {
            if (ownClient) http.Dispose();
            TryDelete(zipPath);
            if (Directory.Exists(staging)) try { Directory.Delete(staging, true); } catch (IOException) { }
            if (Directory.Exists(retired) && !Directory.Exists(target)) Directory.Move(retired, target); // put the old one back
        }
    }

    private static async Task<long> DownloadAsync(HttpClient http, Uri uri, string path, IProgress<long>? progress, CancellationToken ct)
    {
        using var response = await SendAsync(http, uri, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new IOException($"Download of {uri} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
        long? expected = response.Content.Headers.ContentLength;
        long total = 0;
        try
        {
            await using var src = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await using var dst = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            var buf = new byte[1 << 16];
            int n;
            while ((n = await src.ReadAsync(buf, ct).ConfigureAwait(false)) > 0)
            {
                await dst.WriteAsync(buf.AsMemory(0, n), ct).ConfigureAwait(false);
                total += n;
                progress?.Report(total);
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !ct.IsCancellationRequested)
        {
            throw new IOException($"Download of {uri} was cut off after {total} bytes{(expected is { } x ? $" of {x}" : "")}: {e.Message}", e);
        }
        if (expected is { } len && total != len)
            throw new IOException($"Download of {uri} is truncated: {total} bytes of {len}.");
        return total;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, Uri uri, CancellationToken ct)
    {
        try { return await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false); }
        catch (HttpRequestException e) { throw new IOException($"Cannot download {uri}: {e.Message}", e); }
    }

    private static List<string> Unpack(string zipPath, string name, string staging, Uri uri)
    {
        ZipArchive zip;
        try { zip = ZipFile.OpenRead(zipPath); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{uri} is not a valid zip file: {e.Message}", e); }
        using (zip)
        {
            Directory.CreateDirectory(staging);
            var files = new List<string>();
            foreach (var entry in zip.Entries)
            {
                string file = Path.GetFileName(entry.FullName.Replace('\\', '/'));
                string ext = Path.GetExtension(file).ToLowerInvariant();
                string stem = Path.GetFileNameWithoutExtension(file);
                if (!Copied.Contains(ext)) continue;
                string? split = stem.Equals($"{name}_TRAIN", StringComparison.OrdinalIgnoreCase) ? "TRAIN"
                    : stem.Equals($"{name}_TEST", StringComparison.OrdinalIgnoreCase) ? "TEST" : null;
                if (split is null) continue;
                string dest = Path.Combine(staging, $"{name}_{split}{ext}");
                try { entry.ExtractToFile(dest, overwrite: false); }
                catch (InvalidDataException e) { throw new InvalidDataException($"{uri}: entry {entry.FullName} is corrupt: {e.Message}", e); }
                catch (IOException) when (File.Exists(dest)) { throw new InvalidDataException($"{uri}: the zip holds {Path.GetFileName(dest)} twice."); }
                files.Add(Path.GetFileName(dest));
            }
            files.Sort(StringComparer.Ordinal);
            return files;
        }
    }

    private static (int Train, int Test) Verify(string name, string staging)
    {
        string? Find(string split) => UcrArchive.Extensions
            .Select(ext => Path.Combine(staging, $"{name}_{split}{ext}")).FirstOrDefault(File.Exists);
        string train = Find("TRAIN") ?? throw new InvalidDataException(
            $"The zip for {name} holds no {name}_TRAIN file in a readable format ({string.Join(", ", UcrArchive.Extensions)}).");
        string test = Find("TEST") ?? throw new InvalidDataException(
            $"The zip for {name} holds no {name}_TEST file in a readable format ({string.Join(", ", UcrArchive.Extensions)}).");
        // Missing values are legitimate in archive data: verify that the files parse, not that they are complete.
        var (tr, te) = UcrArchive.Build(name, UcrArchive.ReadFile(train, MissingValues.Interpolate), UcrArchive.ReadFile(test, MissingValues.Interpolate),
            new LoadOptions { Missing = MissingValues.Interpolate }, Path.GetFileName(train), Path.GetFileName(test));
        return (tr.Count, te.Count);
    }

    private static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); } catch (IOException) { }
    }
}
