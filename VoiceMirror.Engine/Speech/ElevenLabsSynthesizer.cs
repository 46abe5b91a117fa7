using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;

namespace VoiceMirror.Engine.Speech;

/// <summary>ElevenLabs text-to-speech and instant voice cloning. Voice ids are ElevenLabs' own, passed through
/// unprefixed because existing frontends already send them raw; a voice belongs here when it is in the
/// account's voice list, which is cached for <see cref="ElevenLabsOptions.VoiceCacheSeconds"/>.</summary>
public sealed class ElevenLabsSynthesizer(
    HttpClient http, ElevenLabsOptions options, ILogger<ElevenLabsSynthesizer> logger, TimeProvider? time = null)
    : ISpeechSynthesizer, IVoiceCloner
{
    public const string Name = "elevenlabs";

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Uri _base = new(options.BaseUrl.TrimEnd('/') + "/");
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile VoiceList? _cache;

    public string ProviderName => Name;

    public bool CanClone => true;

    /// <summary>ElevenLabs takes the samples alone; the consent is the user's checkbox.</summary>
    public IReadOnlyDictionary<string, string> ConsentPhrases { get; } = new Dictionary<string, string>();

    public async Task<IReadOnlyList<VoiceInfo>> ListVoicesAsync(CancellationToken ct)
    {
        if (Fresh(_cache) is { } cached) return cached.Voices;
        await _refresh.WaitAsync(ct);
        try
        {
            if (Fresh(_cache) is { } again) return again.Voices;
            using var request = Request(HttpMethod.Get, "v1/voices");
            using var response = await ProviderHttp.SendAsync(http, request, Name, options.ApiKey, _timeout, ct);
            var voices = ToVoices(await ProviderHttp.ReadJsonAsync<ElevenLabsVoiceList>(response, Name, ElevenLabsJson.Options, ct));
            _cache = new VoiceList(voices, _time.GetUtcNow());
            logger.LogDebug("ElevenLabs lists {Count} voices", voices.Count);
            return voices;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Answers from the cached list only (even a stale one); <see cref="VoiceCatalog.ResolveAsync"/> refreshes it on a miss.</summary>
    public bool Owns(string voiceId) => _cache?.Voices.Any(v => v.Id == voiceId) == true;

    public async Task<SynthesizedSpeech> SynthesizeAsync(SpeechRequest request, string outputDirectory, CancellationToken ct)
    {
        request.EnsureSpeakable(Name, options.MaxTextLength);
        var voiceId = request.VoiceId ?? (await ListVoicesAsync(ct)).FirstOrDefault()?.Id
            ?? throw ProviderHttp.Failed(Name, "the account has no voices");

        var clock = Stopwatch.StartNew();
        var path = $"v1/text-to-speech/{Uri.EscapeDataString(voiceId)}?output_format={Uri.EscapeDataString(options.OutputFormat)}";
        using var message = Request(HttpMethod.Post, path);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("audio/mpeg"));
        message.Content = JsonContent.Create(new ElevenLabsSpeak(request.Text, options.ModelId), options: ElevenLabsJson.Options);
        using var response = await ProviderHttp.SendAsync(http, message, Name, options.ApiKey, _timeout, ct);
        var audio = await ProviderHttp.SaveAudioAsync(response, Name, outputDirectory, "mp3", ct);
        logger.LogInformation("ElevenLabs spoke {Chars} characters with voice {VoiceId} in {Ms} ms",
            request.Text.Length, voiceId, clock.ElapsedMilliseconds);
        return new SynthesizedSpeech(audio, voiceId);
    }

    public async Task<VoiceInfo> CloneAsync(string name, IReadOnlyList<string> samplePaths, ConsentRecording? consent, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A cloned voice needs a name.", nameof(name));
        if (samplePaths.Count == 0)
            throw new ArgumentException("At least one sample is needed.", nameof(samplePaths));

        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(name.Trim()), "name");
        form.Add(new StringContent("Cloned with VoiceMirror"), "description");
        foreach (var sample in samplePaths)
        {
            var file = new StreamContent(File.OpenRead(sample));
            file.Headers.ContentType = new MediaTypeHeaderValue(SampleMediaType(sample));
            form.Add(file, "files", Path.GetFileName(sample));
        }

        using var message = Request(HttpMethod.Post, "v1/voices/add");
        message.Content = form;
        using var response = await ProviderHttp.SendAsync(http, message, Name, options.ApiKey, _timeout, ct);
        var cloned = await ProviderHttp.ReadJsonAsync<ElevenLabsCloned>(response, Name, ElevenLabsJson.Options, ct);
        var voiceId = ElevenLabsVoice.NonBlank(cloned.VoiceId) ?? throw ProviderHttp.Failed(Name, "the clone response has no voice_id");

        var voice = new VoiceInfo(voiceId, name.Trim(), "multi", "unknown", Name, IsCloned: true);
        // The new id must be usable at once, without waiting for the cached list to expire.
        var current = _cache;
        _cache = new VoiceList([.. current?.Voices ?? [], voice], current?.FetchedAt ?? DateTimeOffset.MinValue);
        logger.LogInformation("ElevenLabs cloned voice {VoiceId} from {Count} samples", voiceId, samplePaths.Count);
        return voice;
    }

    public async Task DeleteAsync(string voiceId, CancellationToken ct)
    {
        using var message = Request(HttpMethod.Delete, $"v1/voices/{Uri.EscapeDataString(voiceId)}");
        using var response = await ProviderHttp.SendAsync(http, message, Name, options.ApiKey, _timeout, ct);
        // Gone at once for routing too, not only after the cached list expires.
        if (_cache is { } current)
            _cache = current with { Voices = [.. current.Voices.Where(v => v.Id != voiceId)] };
        logger.LogInformation("ElevenLabs deleted voice {VoiceId}", voiceId);
    }

    private HttpRequestMessage Request(HttpMethod method, string relative)
    {
        var request = new HttpRequestMessage(method, new Uri(_base, relative));
        request.Headers.Add("xi-api-key", options.ApiKey);
        return request;
    }

    private VoiceList? Fresh(VoiceList? list) =>
        list is not null && _time.GetUtcNow() - list.FetchedAt < TimeSpan.FromSeconds(options.VoiceCacheSeconds) ? list : null;

    private static IReadOnlyList<VoiceInfo> ToVoices(ElevenLabsVoiceList list) =>
        list.Voices is { } voices
            ? [.. voices.Where(v => ElevenLabsVoice.NonBlank(v.VoiceId) is not null).Select(v => v.ToVoiceInfo(v.VoiceId!))]
            : throw ProviderHttp.Failed(Name, "the voice list has no 'voices' array");

    internal static string SampleMediaType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".wav" => "audio/wav", ".mp3" => "audio/mpeg", ".m4a" or ".mp4" => "audio/mp4", ".ogg" or ".oga" => "audio/ogg",
        ".webm" => "audio/webm", ".flac" => "audio/flac", _ => "application/octet-stream",
    };

    private sealed record VoiceList(IReadOnlyList<VoiceInfo> Voices, DateTimeOffset FetchedAt);
}
