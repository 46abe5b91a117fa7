using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;

namespace VoiceMirror.Engine.Speech;

/// <summary>Any server speaking OpenAI's <c>POST /v1/audio/speech</c> (OpenAI itself, or a self-hosted one).
/// Its voice names ("alloy", "nova"…) are generic enough to clash with other providers, so they are exposed
/// as <c>openai:&lt;name&gt;</c>. It cannot clone voices.</summary>
public sealed class OpenAiCompatibleSynthesizer(
    HttpClient http, OpenAiSpeechOptions options, ILogger<OpenAiCompatibleSynthesizer> logger) : ISpeechSynthesizer
{
    public const string Name = "openai";
    private const string Prefix = Name + ":";

    private readonly Uri _speechUri = new(options.BaseUrl.TrimEnd('/') + "/v1/audio/speech");
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
    private readonly IReadOnlyList<VoiceInfo> _voices = options.EffectiveVoices
        .Select(v => new VoiceInfo(Prefix + v, v, "multi", "unknown", Name)).ToList();

    public string ProviderName => Name;

    public Task<IReadOnlyList<VoiceInfo>> ListVoicesAsync(CancellationToken ct) => Task.FromResult(_voices);

    public bool Owns(string voiceId) => _voices.Any(v => v.Id == voiceId);

    public async Task<SynthesizedSpeech> SynthesizeAsync(SpeechRequest request, string outputDirectory, CancellationToken ct)
    {
        request.EnsureSpeakable(Name, options.MaxTextLength);
        var voiceId = request.VoiceId ?? _voices[0].Id;
        if (!Owns(voiceId))
            throw new EngineException(EngineError.UnknownVoice, $"Unknown voice '{voiceId}'.");

        var clock = Stopwatch.StartNew();
        using var message = new HttpRequestMessage(HttpMethod.Post, _speechUri);
        if (!string.IsNullOrEmpty(options.ApiKey))
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        message.Content = JsonContent.Create(new
        {
            model = options.Model,
            input = request.Text,
            voice = voiceId[Prefix.Length..],
            response_format = options.ResponseFormat,
        });
        using var response = await ProviderHttp.SendAsync(http, message, Name, options.ApiKey, _timeout, ct);
        var audio = await ProviderHttp.SaveAudioAsync(response, Name, outputDirectory, options.ResponseFormat, ct);
        logger.LogInformation("OpenAI-compatible server spoke {Chars} characters with voice {VoiceId} in {Ms} ms",
            request.Text.Length, voiceId, clock.ElapsedMilliseconds);
        return new SynthesizedSpeech(audio, voiceId);
    }
}
