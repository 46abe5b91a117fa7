using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace VoiceMirror.Tests.Engine.Speech;

/// <summary>A stateful stand-in for ElevenLabs' voice endpoints, for <see cref="LoopbackSpeechServer.Respond"/>:
/// a clone (POST /v1/voices/add) adds a voice to the list, DELETE /v1/voices/{id} removes it, and speech comes back
/// as the given MP3. Starts with one stock voice (Rachel).</summary>
public sealed class FakeElevenLabsVoices(byte[] speechMp3)
{
    public const string StockId = "21m00Tcm4TlvDq8ikWAM";

    private readonly ConcurrentDictionary<string, (string Name, string Category)> _voices = new() { [StockId] = ("Rachel", "premade") };

    public IReadOnlyCollection<string> Ids => [.. _voices.Keys];

    public async Task RespondAsync(HttpContext ctx, RecordedRequest request)
    {
        if (request is { Method: "GET", Path: "/v1/voices" })
        {
            var voices = _voices.Select(v => new { voice_id = v.Key, name = v.Value.Name, category = v.Value.Category });
            await Write(ctx, 200, JsonSerializer.Serialize(new { voices }));
        }
        else if (request is { Method: "POST", Path: "/v1/voices/add" })
        {
            // Unique across fakes: tests sharing one loopback server tell their requests apart by voice id.
            var id = $"cloned_{Guid.NewGuid().ToString("N")[..12]}";
            _voices[id] = (request.FormFields["name"], "cloned");
            await Write(ctx, 200, JsonSerializer.Serialize(new { voice_id = id }));
        }
        else if (request.Method == "DELETE" && request.Path.StartsWith("/v1/voices/"))
        {
            var removed = _voices.TryRemove(request.Path["/v1/voices/".Length..], out _);
            await Write(ctx, removed ? 200 : 400, removed ? """{ "status": "ok" }""" : """{ "detail": { "message": "voice_not_found" } }""");
        }
        else if (request.Method == "POST" && request.Path.StartsWith("/v1/text-to-speech/"))
        {
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
