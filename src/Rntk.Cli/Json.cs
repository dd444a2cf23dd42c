using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rntk.Cli;

/// <summary>One JSON object per line on stdout for --json output.</summary>
public static class Json
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new FiniteOrNull() },
    };

    public static string Serialize(object value) => JsonSerializer.Serialize(value, Options);

    /// <summary>
    /// A number that does not exist (K[0,1] of a one-sequence Gram, a ratio without a peer) is null, which every JSON
    /// reader understands as missing; the quoted "NaN" that System.Text.Json can write would read back as a string.
    /// </summary>
    private sealed class FiniteOrNull : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }
}
