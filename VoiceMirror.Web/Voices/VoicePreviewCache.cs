using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Speech;
using VoiceMirror.Web.Errors;
using VoiceMirror.Web.Storage;

namespace VoiceMirror.Web.Voices;

/// A short sample sentence spoken by each voice, synthesised on first request and kept on disk under
/// uploads/voice-previews/&lt;voice&gt;/, keyed by voice id + language + sentence: cloud voices cost money per
/// character, so a second listen must not reach the provider again (nor survive as a cost across restarts).
public sealed class VoicePreviewCache(VoiceCatalog catalog, MediaStore store, ILogger<VoicePreviewCache> logger)
{
    public const string Folder = "voice-previews";
    public static readonly string[] Languages = ["ru", "en"];

    // Requests for the same preview while it is being made wait for that one synthesis instead of starting another.
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _inFlight = new();

    public static string SampleSentence(string language) => language == "en"
        ? "Hello! This is how this voice sounds in VoiceMirror."
        : "Здравствуйте! Так звучит этот голос в VoiceMirror.";

    /// The language a voice's preview is spoken in when the caller names none: its own, else the reader's.
    public static string DefaultLanguage(VoiceInfo voice, string uiLanguage) =>
        Languages.Contains(voice.Language) ? voice.Language : Languages.Contains(uiLanguage) ? uiLanguage : "ru";

    /// Path of the cached preview audio, synthesising it first if needed.
    /// Unknown voice → 404 UnknownVoiceId; a language other than ru/en → 400 PreviewLanguageUnsupported.
    public async Task<string> GetAsync(string voiceId, string? language, CancellationToken ct)
    {
        var voice = await FindAsync(voiceId, ct);
        language = string.IsNullOrWhiteSpace(language)
            ? DefaultLanguage(voice, System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName)
            : language.Trim().ToLowerInvariant();
        if (!Languages.Contains(language)) throw ApiProblemException.BadRequest("PreviewLanguageUnsupported", string.Join(", ", Languages));

        var text = SampleSentence(language);
        var folder = VoiceFolder(voiceId);
        var key = Hash($"{voiceId}\n{language}\n{text}");
        if (Cached(folder, key) is { } hit) return hit;

        var made = _inFlight.GetOrAdd(key, _ => new Lazy<Task<string>>(() => SynthesizeAsync(voiceId, text, folder, key)));
        try
        {
            return await made.Value.WaitAsync(ct);
        }
        finally
        {
            if (made.Value.IsCompleted) _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(key, made));
        }
    }

    /// Drops every cached preview of a voice (after it was deleted).
    public void Forget(string voiceId)
    {
        var folder = VoiceFolder(voiceId);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private async Task<VoiceInfo> FindAsync(string voiceId, CancellationToken ct)
    {
        try
        {
            var provider = await catalog.ResolveAsync(voiceId, ct);
            return (await provider.ListVoicesAsync(ct)).FirstOrDefault(v => v.Id == voiceId)
                ?? throw ApiProblemException.NotFound("UnknownVoiceId", voiceId);
        }
        catch (EngineException e) when (e.Error == EngineError.UnknownVoice)
        {
            throw ApiProblemException.NotFound("UnknownVoiceId", voiceId);
        }
    }

    // Not tied to the request: a listener who navigates away still leaves a finished preview for the next one.
    private async Task<string> SynthesizeAsync(string voiceId, string text, string folder, string key)
    {
        var work = store.CreateWorkDirectory("preview");
        try
        {
            var speech = await catalog.SynthesizeAsync(text, voiceId, work, CancellationToken.None);
            Directory.CreateDirectory(folder);
            var target = Path.Combine(folder, key + Path.GetExtension(speech.AudioPath).ToLowerInvariant());
            // Land under a name no reader looks for, then rename: a reader never sees half a file.
            var partial = target + ".part";
            File.Move(speech.AudioPath, partial, overwrite: true);
            File.Move(partial, target, overwrite: true);
            logger.LogInformation("Preview of voice {VoiceId} synthesised ({Bytes} bytes)", voiceId, new FileInfo(target).Length);
            return target;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string? Cached(string folder, string key) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, key + ".*").FirstOrDefault(f => !f.EndsWith(".part")) : null;

    // Voice ids are the providers' (openai:nova, raw ElevenLabs ids): hashed, they can never form a path.
    private string VoiceFolder(string voiceId) => Path.Combine(store.UploadsPath, Folder, Hash(voiceId));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];
}
