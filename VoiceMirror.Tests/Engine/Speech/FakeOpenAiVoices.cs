using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace VoiceMirror.Tests.Engine.Speech;

/// <summary>A stateful stand-in for OpenAI's custom voices API, for <see cref="LoopbackSpeechServer.Respond"/>, shaped
/// after its reference: POST /v1/audio/voice_consents (multipart name, language, recording) answers a consent id;
/// POST /v1/audio/voices (multipart name, consent, audio_sample) refuses an unknown consent and answers a voice id;
/// DELETE /v1/audio/voices/{id} removes it (404 when already gone); POST /v1/audio/speech speaks a built-in voice
/// named by a string or a custom one named by {"id": …}, and refuses any other voice.</summary>
public sealed class FakeOpenAiVoices(byte[] speechMp3)
{
    private readonly ConcurrentDictionary<string, (string Name, string Language, byte[] Recording)> _consents = new();
    private readonly ConcurrentDictionary<string, (string Name, string Consent)> _voices = new();
    private static readonly string[] BuiltIn = ["alloy", "nova"];

    public IReadOnlyCollection<string> VoiceIds => [.. _voices.Keys];

    public async Task RespondAsync(HttpContext ctx, RecordedRequest request)
    {
        if (request is { Method: "POST", Path: "/v1/audio/voice_consents" })
        {
            var recording = request.Files.SingleOrDefault(f => f.Field == "recording");
            if (recording is null || !request.FormFields.TryGetValue("language", out var language) || !request.FormFields.TryGetValue("name", out var label))
            {
                await Write(ctx, 400, """{ "error": { "message": "name, language and recording are required" } }""");
                return;
            }
            var id = $"cons_{Guid.NewGuid().ToString("N")[..10]}";
            _consents[id] = (label, language, recording.Content);
            await Write(ctx, 200, JsonSerializer.Serialize(new { id, @object = "audio.voice_consent", name = label, language, created_at = 1 }));
        }
        else if (request is { Method: "POST", Path: "/v1/audio/voices" })
        {
            if (!request.FormFields.TryGetValue("consent", out var consent) || !_consents.ContainsKey(consent)
                || request.Files.Count(f => f.Field == "audio_sample") != 1 || !request.FormFields.TryGetValue("name", out var name))
            {
                await Write(ctx, 400, """{ "error": { "message": "a known consent, one audio_sample and a name are required" } }""");
                return;
            }
            var id = $"voice_{Guid.NewGuid().ToString("N")[..12]}";
            _voices[id] = (name, consent);
            await Write(ctx, 200, JsonSerializer.Serialize(new { id, @object = "audio.voice", name, created_at = 1 }));
        }
        else if (request.Method == "DELETE" && request.Path.StartsWith("/v1/audio/voices/"))
        {
            var id = request.Path["/v1/audio/voices/".Length..];
            var removed = _voices.TryRemove(id, out _);
            await Write(ctx, removed ? 200 : 404, removed
                ? JsonSerializer.Serialize(new { id, @object = "audio.voice.deleted", deleted = true })
                : """{ "error": { "message": "voice not found" } }""");
        }
        else if (request is { Method: "POST", Path: "/v1/audio/speech" })
        {
            var voice = request.JsonBody().GetProperty("voice");
            var known = voice.ValueKind == JsonValueKind.String
                ? BuiltIn.Contains(voice.GetString())
                : voice.TryGetProperty("id", out var id) && _voices.ContainsKey(id.GetString()!);
            if (!known)
            {
                await Write(ctx, 400, """{ "error": { "message": "unknown voice" } }""");
                return;
            }
            ctx.Response.ContentType = "audio/mpeg";
            await ctx.Response.Body.WriteAsync(speechMp3);
        }
        else ctx.Response.StatusCode = 404;
    }

    private static async Task Write(HttpContext ctx, int status, string json)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(json);
    }
}
