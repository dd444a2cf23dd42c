using System.Globalization;

namespace Rntk.Data;

/// <summary>The header and rows of one <c>.ts</c> file (timeseriesclassification.com / sktime / aeon format).</summary>
public sealed record TsFile(
    string? ProblemName, bool? Univariate, bool? EqualLength, int? SeriesLength, bool? Missing,
    IReadOnlyList<string> DeclaredClassLabels, IReadOnlyList<RawSeries> Rows)
{
    public int Channels => Rows[0].Channels;

    /// <summary>False for a file declared <c>@classLabel false</c> (read with labels not required): its rows' labels are empty.</summary>
    public bool Labelled { get; init; } = true;
}

/// <summary>
/// Reads the <c>.ts</c> format of timeseriesclassification.com: a header of <c>@tag value</c> lines
/// (@problemName, @timeStamps, @missing, @univariate, @dimensions, @equalLength, @seriesLength,
/// @classLabel true L1 L2 …), then <c>@data</c> and one case per line: the dimensions separated by ':', the values of
/// a dimension by ',', the class label last. '?' (or NaN) marks a missing value.
/// </summary>
/// <remarks>
/// Not supported, with a clear error: time stamps (<c>@timeStamps true</c>), regression targets
/// (<c>@targetLabel</c>), and files without class labels unless the caller asks for them (data to classify,
/// <c>requireLabels: false</c>). In a file declared <c>@equalLength false</c> missing values at
/// the end of all dimensions are taken as padding and removed (as the UCR TSV's trailing NaN); every other missing
/// value falls under the <see cref="MissingValues"/> policy. The dimensions of one case must have equal lengths.
/// </remarks>
public static class TsFileReader
{
    public static TsFile Read(string path, MissingValues missing = MissingValues.Error) => Read(path, missing, requireLabels: true);

    /// <summary>As <see cref="Read(string, MissingValues)"/>; with <paramref name="requireLabels"/> false a file declared
    /// <c>@classLabel false</c> is read too (cases without a label; see <see cref="TsFile.Labelled"/>).</summary>
    public static TsFile Read(string path, MissingValues missing, bool requireLabels)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No such file: {path}", path);
        string file = Path.GetFileName(path);
        string? problem = null;
        bool? univariate = null, equalLength = null, hasMissing = null, classLabel = null;
        int? seriesLength = null, dimensions = null;
        var declared = new List<string>();
        var rows = new List<RawSeries>();
        bool inData = false;
        int lineNo = 0;
        foreach (var rawLine in File.ReadLines(path))
        {
            lineNo++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (!inData)
            {
                if (!line.StartsWith('@')) throw new InvalidDataException($"{file}, line {lineNo}: expected a header tag (@…) or @data before the data.");
                var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                string tag = parts[0].ToLowerInvariant();
                string? arg = parts.Length > 1 ? parts[1] : null;
                switch (tag)
                {
                    case "@problemname": problem = arg; break;
                    case "@timestamps":
                        if (Bool(arg, tag, file, lineNo)) throw new NotSupportedException($"{file}: time-stamped .ts data (@timeStamps true) is not supported.");
                        break;
                    case "@missing": hasMissing = Bool(arg, tag, file, lineNo); break;
                    case "@univariate": univariate = Bool(arg, tag, file, lineNo); break;
                    case "@equallength": equalLength = Bool(arg, tag, file, lineNo); break;
                    case "@serieslength": seriesLength = Int(arg, tag, file, lineNo); break;
                    case "@dimension" or "@dimensions": dimensions = Int(arg, tag, file, lineNo); break;
                    case "@classlabel":
                        classLabel = Bool(arg, tag, file, lineNo);
                        declared.AddRange(parts.Skip(2));
                        break;
                    case "@targetlabel":
                        if (Bool(arg, tag, file, lineNo)) throw new NotSupportedException($"{file}: regression data (@targetLabel true) is not supported; a class label is needed.");
                        break;
                    case "@data":
                        if (classLabel != true && requireLabels)
                            throw new InvalidDataException($"{file}: the header does not declare @classLabel true; classification needs labels.");
                        inData = true;
                        break;
                    default: break; // unknown tags (@description …) carry no information we use
                }
                continue;
            }
            rows.Add(ParseCase(line, $"{file}, row {rows.Count} (line {lineNo})", equalLength == false, missing, labelled: classLabel == true));
        }
        if (!inData) throw new InvalidDataException($"{file}: no @data line.");
        if (rows.Count == 0) throw new InvalidDataException($"{file}: no cases after @data.");
        int m = rows[0].Channels;
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Channels != m)
                throw new InvalidDataException($"{file}, row {i}: {rows[i].Channels} dimensions, row 0 has {m}.");
            if (declared.Count > 0 && !declared.Contains(rows[i].Label))
                throw new InvalidDataException($"{file}, row {i}: class label '{rows[i].Label}' is not among those declared by @classLabel ({string.Join(" ", declared)}).");
        }
        if (univariate == true && m != 1) throw new InvalidDataException($"{file}: declared @univariate true but the cases have {m} dimensions.");
        if (dimensions is { } d && d != m) throw new InvalidDataException($"{file}: declared @dimensions {d} but the cases have {m}.");
        if (equalLength == true && seriesLength is { } L)
        {
            int bad = rows.FindIndex(r => r.Length != L);
            if (bad >= 0) throw new InvalidDataException($"{file}, row {bad}: length {rows[bad].Length}, but the header declares @equalLength true, @seriesLength {L}.");
        }
        return new TsFile(problem, univariate, equalLength, seriesLength, hasMissing, declared, rows) { Labelled = classLabel == true };
    }

    private static RawSeries ParseCase(string line, string where, bool trailingIsPadding, MissingValues missing, bool labelled)
    {
        int colon = labelled ? line.LastIndexOf(':') : line.Length;
        if (colon < 0) throw new InvalidDataException($"{where}: no ':' before the class label.");
        string label = labelled ? line[(colon + 1)..].Trim() : "";
        if (labelled && label.Length == 0) throw new InvalidDataException($"{where}: empty class label.");
        var dims = line[..colon].Split(':');
        var channels = new double[dims.Length][];
        for (int c = 0; c < dims.Length; c++)
        {
            var fields = dims[c].Split(',');
            var v = new double[fields.Length];
            for (int k = 0; k < fields.Length; k++)
            {
                var s = fields[k].Trim();
                if (s.Length == 0 && fields.Length == 1) throw new InvalidDataException($"{where}, dimension {c}: no values.");
                if (s is "?" || s.Equals("NaN", StringComparison.OrdinalIgnoreCase)) v[k] = double.NaN;
                else if (s.StartsWith('('))
                    throw new NotSupportedException($"{where}: time-stamped values '(t,v)' are not supported.");
                else if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v[k]) || double.IsInfinity(v[k]))
                    throw new InvalidDataException($"{where}, step {k}{(dims.Length > 1 ? $", dimension {c}" : "")}: '{s}' is not a finite number.");
            }
            channels[c] = v;
        }
        int length = channels[0].Length;
        for (int c = 1; c < channels.Length; c++)
            if (channels[c].Length != length)
                throw new InvalidDataException($"{where}: dimension {c} has {channels[c].Length} values, dimension 0 has {length}; the dimensions of a case must have equal lengths.");
        if (trailingIsPadding)
        {
            int last = channels.Max(ch => SeriesCleaning.LastObserved(ch));
            if (last < 0) throw new InvalidDataException($"{where}: the case has no values (all missing).");
            if (last + 1 < length)
            {
                length = last + 1;
                for (int c = 0; c < channels.Length; c++) channels[c] = channels[c][..length];
            }
        }
        for (int c = 0; c < channels.Length; c++)
            SeriesCleaning.FillMissing(channels[c], missing, where, channels.Length > 1 ? c : -1);
        var flat = new double[length * channels.Length];
        for (int t = 0; t < length; t++)
            for (int c = 0; c < channels.Length; c++) flat[t * channels.Length + c] = channels[c][t];
        return new RawSeries(label, flat, channels.Length);
    }

    private static bool Bool(string? arg, string tag, string file, int line) => arg?.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new InvalidDataException($"{file}, line {line}: {tag} needs true or false (got '{arg}')."),
    };

    private static int Int(string? arg, string tag, string file, int line) =>
        int.TryParse(arg, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0 ? v
            : throw new InvalidDataException($"{file}, line {line}: {tag} needs a positive integer (got '{arg}').");
}
