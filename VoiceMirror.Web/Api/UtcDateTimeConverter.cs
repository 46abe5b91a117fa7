using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VoiceMirror.Web.Api;

/// Writes timestamps exactly as the contract shows them: "2024-01-01T00:00:00Z" (UTC, whole seconds).
public sealed class UtcDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTime().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
