using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace VoiceMirror.Engine.Speech;

/// <summary>HTTP plumbing shared by the cloud providers: every failure becomes a VoiceProviderFailed
/// EngineException whose message carries the provider's own reason and never the API key.</summary>
internal static class ProviderHttp
{
    internal const int MaxReasonLength = 300;

    /// <summary>Sends <paramref name="request"/> and returns the successful response (body buffered, so the client's timeout covers it).</summary>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient http, HttpRequestMessage request, string provider, string? secret, TimeSpan timeout, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (Exception e) when (e is TimeoutRejectedException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // The resilience handler's timeout, or a cancellation the caller did not ask for (HttpClient's own timeout).
            throw Failed(provider, $"request timed out after {timeout.TotalSeconds:0} s");
        }
        catch (BrokenCircuitException)
        {
            throw Failed(provider, "too many recent failures; calls are paused for a few seconds");
        }
        catch (HttpRequestException e)
        {
            throw Failed(provider, Redact(e.Message, secret), e.InnerException is null ? null : new HttpRequestException(Redact(e.InnerException.Message, secret)));
        }

        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            var reason = Truncate(Redact(ReasonFromBody(body), secret));
            var status = $"HTTP {(int)response.StatusCode} {StatusText(response.StatusCode)}";
            throw Failed(provider, reason.Length == 0 ? status : $"{status}: {reason}");
        }
    }

    /// <summary>Writes the audio body to a new file in <paramref name="outputDirectory"/>; refuses an empty or JSON body.</summary>
    public static async Task<string> SaveAudioAsync(HttpResponseMessage response, string provider, string outputDirectory, string extension, CancellationToken ct)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        if (bytes.Length == 0)
            throw Failed(provider, "the server returned no audio");
        if (mediaType.Contains("json", StringComparison.OrdinalIgnoreCase) || mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
            throw Failed(provider, $"the server returned {mediaType} instead of audio");

        Directory.CreateDirectory(outputDirectory);
        var path = Path.Combine(outputDirectory, $"speech-{Guid.NewGuid():N}.{extension}");
        try
        {
            await File.WriteAllBytesAsync(path, bytes, ct);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        return path;
    }

    /// <summary>Reads a JSON body as <typeparamref name="T"/>; malformed, mistyped or null JSON is VoiceProviderFailed.</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, string provider, JsonSerializerOptions options, CancellationToken ct)
        where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(options, ct) ?? throw Failed(provider, "the server returned null JSON");
        }
        catch (JsonException e)
        {
            throw Failed(provider, $"the server returned malformed JSON ({e.Message})");
        }
    }

    public static EngineException Failed(string provider, string reason, Exception? inner = null) =>
        new(EngineError.VoiceProviderFailed, $"Voice provider '{provider}' failed: {reason}", inner);

    /// <summary>The human part of an error body: ElevenLabs' <c>detail</c> (string, object or list),
    /// OpenAI's <c>error.message</c>, a top-level <c>message</c>, else the raw text.</summary>
    internal static string ReasonFromBody(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return "";
        try
        {
            using var doc = JsonDocument.Parse(body);
            var text = FindMessage(doc.RootElement);
            if (!string.IsNullOrWhiteSpace(text)) return text.Trim();
        }
        catch (JsonException)
        {
        }
        return body.Trim();
    }

    private static string? FindMessage(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Array => string.Join("; ", e.EnumerateArray().Select(FindMessage).Where(s => !string.IsNullOrWhiteSpace(s))),
        JsonValueKind.Object =>
            Property(e, "detail") is { } detail ? FindMessage(detail)
            : Property(e, "error") is { } error ? FindMessage(error)
            : Property(e, "message") is { } message ? FindMessage(message)
            : Property(e, "msg") is { } msg ? FindMessage(msg)
            : e.GetRawText(),
        _ => null,
    };

    private static JsonElement? Property(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    internal static string Truncate(string text) =>
        text.Length <= MaxReasonLength ? text : string.Concat(text.AsSpan(0, MaxReasonLength), "…");

    /// <summary>Servers sometimes echo the key they rejected; it must not travel on into logs or responses.</summary>
    internal static string Redact(string text, string? secret) =>
        string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "***", StringComparison.Ordinal);

    private static string StatusText(HttpStatusCode code) =>
        System.Text.RegularExpressions.Regex.Replace(code.ToString(), "(?<=[a-z])(?=[A-Z])", " ");
}
