using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using VoiceMirror.Engine.Audio;
using VoiceMirror.Engine.Speech.Espeak;

namespace VoiceMirror.Engine.Speech;

/// <summary>Any server speaking OpenAI's <c>POST /v1/audio/speech</c> (OpenAI itself, or a self-hosted one).
/// Its voice names ("alloy", "nova"…) are generic enough to clash with other providers, so they are exposed
/// as <c>openai:&lt;name&gt;</c>. With <see cref="OpenAiSpeechOptions.Cloning"/> it also creates custom voices the way
/// OpenAI's custom voices API does: a consent recording first, then the voice from one audio sample that refers to it.</summary>
public sealed class OpenAiCompatibleSynthesizer(
    HttpClient http, OpenAiSpeechOptions options, ILogger<OpenAiCompatibleSynthesizer> logger, AudioDecoder? decoder = null)
    : ISpeechSynthesizer, IVoiceCloner
{
    public const string Name = "openai";
    private const string Prefix = Name + ":";
    private const double GapSeconds = 0.4;

    private readonly string _root = options.BaseUrl.TrimEnd('/') + "/v1/audio/";
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
    private readonly IReadOnlyList<VoiceInfo> _voices = options.EffectiveVoices
        .Select(v => new VoiceInfo(Prefix + v, v, "multi", "unknown", Name)).ToList();
    private readonly OpenAiClonedVoices _cloned = new(options.ClonedVoicesFile);

    public string ProviderName => Name;

    public bool CanClone => options.Cloning;

    public IReadOnlyDictionary<string, string> ConsentPhrases => options.ConsentPhrases;

    public Task<IReadOnlyList<VoiceInfo>> ListVoicesAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<VoiceInfo>>(
        options.Cloning ? [.. Cloned(), .. _voices] : _voices);

    public bool Owns(string voiceId) => _voices.Any(v => v.Id == voiceId) || (options.Cloning && IsCloned(voiceId));

    public async Task<SynthesizedSpeech> SynthesizeAsync(SpeechRequest request, string outputDirectory, CancellationToken ct)
    {
        request.EnsureSpeakable(Name, options.MaxTextLength);
        var voiceId = request.VoiceId ?? _voices[0].Id;
        if (!Owns(voiceId))
            throw new EngineException(EngineError.UnknownVoice, $"Unknown voice '{voiceId}'.");

        var clock = Stopwatch.StartNew();
        var raw = voiceId[Prefix.Length..];
        using var message = Request(HttpMethod.Post, "speech");
        // A custom voice is named by an object holding its id; a built-in one by its name.
        message.Content = JsonContent.Create(new SpeechBody(options.Model, request.Text,
            IsCloned(voiceId) ? new CustomVoice(raw) : raw, options.ResponseFormat));
        using var response = await ProviderHttp.SendAsync(http, message, Name, options.ApiKey, _timeout, ct);
        var audio = await ProviderHttp.SaveAudioAsync(response, Name, outputDirectory, options.ResponseFormat, ct);
        logger.LogInformation("OpenAI-compatible server spoke {Chars} characters with voice {VoiceId} in {Ms} ms",
            request.Text.Length, voiceId, clock.ElapsedMilliseconds);
        return new SynthesizedSpeech(audio, voiceId);
    }

    public async Task<VoiceInfo> CloneAsync(string name, IReadOnlyList<string> samplePaths, ConsentRecording? consent, CancellationToken ct)
    {
        if (!options.Cloning)
            throw new EngineException(EngineError.VoiceCloningUnsupported, $"Cloning is off ({OpenAiSpeechOptions.Section}:Cloning).");
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A cloned voice needs a name.", nameof(name));
        if (samplePaths.Count == 0)
            throw new ArgumentException("At least one sample is needed.", nameof(samplePaths));
        if (consent is null || !options.ConsentPhrases.ContainsKey(consent.Language))
            throw new EngineException(EngineError.ConsentRecordingRequired,
                $"A consent recording in one of {string.Join(", ", options.ConsentPhrases.Keys)} is required.")
            {
                Args = [string.Join(", ", options.ConsentPhrases.Keys)],
            };
        name = name.Trim();

        var consentId = await UploadConsentAsync(name, consent, ct);
        var sample = samplePaths.Count == 1 ? samplePaths[0] : await JoinAsync(samplePaths, ct);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" },
            { new StringContent(consentId), "consent" },
            { AudioFile(sample), "audio_sample", Path.GetFileName(sample) },
        };
        using var message = Request(HttpMethod.Post, "voices");
        message.Content = form;
        using var response = await ProviderHttp.SendAsync(http, message, Name, options.ApiKey, _timeout, ct);
        var created = await ProviderHttp.ReadJsonAsync<CreatedObject>(response, Name, System.Text.Json.JsonSerializerOptions.Web, ct);
        var id = NonBlank(created.Id) ?? throw ProviderHttp.Failed(Name, "the voice response has no id");

        _cloned.Add(new OpenAiClonedVoices.Entry(id, name));
        logger.LogInformation("OpenAI-compatible server created voice {VoiceId} from {Count} samples with consent {ConsentId} ({Language})",
            id, samplePaths.Count, consentId, consent.Language);
        return new VoiceInfo(Prefix + id, name, "multi", "unknown", Name, IsCloned: true);
    }

    public async Task DeleteAsync(string voiceId, CancellationToken ct)
    {
        var raw = voiceId.StartsWith(Prefix, StringComparison.Ordinal) ? voiceId[Prefix.Length..] : voiceId;
        using var message = Request(HttpMethod.Delete, $"voices/{Uri.EscapeDataString(raw)}");
        try
        {
            using var response = await ProviderHttp.SendAsync(http, message, Name, options.ApiKey, _timeout, ct);
        }
        catch (EngineException e) when (e.Message.Contains(": HTTP 404 ", StringComparison.Ordinal))
        {
            // The reference answers 404 for a voice already deleted (say, in OpenAI's dashboard): it is gone, as asked.
            logger.LogInformation("OpenAI-compatible server no longer has voice {VoiceId}; forgetting it", voiceId);
        }
        _cloned.Remove(raw);
        logger.LogInformation("OpenAI-compatible server deleted voice {VoiceId}", voiceId);
    }

    private async Task<string> UploadConsentAsync(string name, ConsentRecording consent, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent($"Consent — {name}"), "name" },
            { new StringContent(consent.Language), "language" },
            { AudioFile(consent.Path), "recording", Path.GetFileName(consent.Path) },
        };
        using var message = Request(HttpMethod.Post, "voice_consents");
        message.Content = form;
        using var response = await ProviderHttp.SendAsync(http, message, Name, options.ApiKey, _timeout, ct);
        var created = await ProviderHttp.ReadJsonAsync<CreatedObject>(response, Name, System.Text.Json.JsonSerializerOptions.Web, ct);
        return NonBlank(created.Id) ?? throw ProviderHttp.Failed(Name, "the consent response has no id");
    }

    /// The API takes one audio sample per voice: several takes become one WAV, with a short pause between them.
    private async Task<string> JoinAsync(IReadOnlyList<string> samplePaths, CancellationToken ct)
    {
        var audio = decoder ?? throw new InvalidOperationException("Joining samples needs an AudioDecoder.");
        var gap = new short[(int)(GapSeconds * AudioDecoder.SampleRate)];
        var joined = new List<short>();
        foreach (var path in samplePaths)
        {
            if (joined.Count > 0) joined.AddRange(gap);
            joined.AddRange((await audio.DecodeAsync(path, ct)).Select(ToPcm16));
        }
        var target = Path.Combine(Path.GetDirectoryName(samplePaths[0])!, "joined-sample.wav");
        Pcm16Wav.Write(target, joined.ToArray(), AudioDecoder.SampleRate);
        return target;
    }

    private static short ToPcm16(float sample) => (short)Math.Round(Math.Clamp(sample, -1f, 1f) * short.MaxValue);

    private static StreamContent AudioFile(string path)
    {
        var file = new StreamContent(File.OpenRead(path));
        file.Headers.ContentType = new MediaTypeHeaderValue(ElevenLabsSynthesizer.SampleMediaType(path));
        return file;
    }

    private HttpRequestMessage Request(HttpMethod method, string relative)
    {
        var request = new HttpRequestMessage(method, new Uri(_root + relative));
        if (!string.IsNullOrEmpty(options.ApiKey))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        return request;
    }

    private bool IsCloned(string voiceId) =>
        voiceId.StartsWith(Prefix, StringComparison.Ordinal) && _cloned.Contains(voiceId[Prefix.Length..]);

    private IEnumerable<VoiceInfo> Cloned() =>
        _cloned.All.Select(e => new VoiceInfo(Prefix + e.Id, e.Name, "multi", "unknown", Name, IsCloned: true));

    private static string? NonBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private sealed record SpeechBody(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("input")] string Input,
        [property: JsonPropertyName("voice")] object Voice,
        [property: JsonPropertyName("response_format")] string ResponseFormat);

    private sealed record CustomVoice([property: JsonPropertyName("id")] string Id);

    private sealed record CreatedObject([property: JsonPropertyName("id")] string? Id);
}
