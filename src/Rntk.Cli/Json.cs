using System.Text.Encodings.Web;
using System.Text.Json;

namespace Rntk.Cli;

/// <summary>One JSON object per line on stdout for --json output.</summary>
public static class Json
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(object value) => JsonSerializer.Serialize(value, Options);
}
