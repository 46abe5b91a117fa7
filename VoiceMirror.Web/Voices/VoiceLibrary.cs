using VoiceMirror.Engine;
using VoiceMirror.Engine.Speech;
using VoiceMirror.Web.Errors;

namespace VoiceMirror.Web.Voices;

/// What both the REST API and the Voices page do with the catalogue beyond speaking: list in the order people
/// look for voices, and delete a cloned one (at its provider, with its cached previews).
public sealed class VoiceLibrary(VoiceCatalog catalog, VoicePreviewCache previews, ILogger<VoiceLibrary> logger)
{
    public bool CanClone => catalog.CanClone;

    /// The provider that would clone (the first that can), for telling the user where the recordings go.
    public string? CloningProvider => (catalog.Cloner as ISpeechSynthesizer)?.ProviderName;

    /// The phrases the cloning provider wants read aloud as a consent recording (BCP 47 tag → phrase); empty when it needs none.
    public IReadOnlyDictionary<string, string> ConsentPhrases => catalog.Cloner?.ConsentPhrases ?? new Dictionary<string, string>();

    /// Cloned voices first (the user's own are what they come for), otherwise the providers' order.
    public static IReadOnlyList<VoiceInfo> ClonedFirst(IEnumerable<VoiceInfo> voices) => [.. voices.OrderBy(v => v.IsCloned ? 0 : 1)];

    /// Deletes a cloned voice at its provider. Animations made with it keep their files: they hold the
    /// synthesised audio and video, not a reference to the voice.
    /// Unknown id → 404 UnknownVoiceId; a stock voice → 409 VoiceNotDeletable; provider failure → 502.
    public async Task<VoiceInfo> DeleteAsync(string voiceId, CancellationToken ct)
    {
        VoiceInfo voice;
        try
        {
            voice = await catalog.DeleteAsync(voiceId, ct);
        }
        catch (EngineException e) when (e.Error == EngineError.UnknownVoice)
        {
            throw ApiProblemException.NotFound("UnknownVoiceId", voiceId);
        }
        catch (EngineException e) when (e.Error == EngineError.VoiceNotDeletable)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "VoiceNotDeletable", e.Args.FirstOrDefault() ?? voiceId);
        }
        previews.Forget(voiceId);
        logger.LogInformation("Deleted cloned voice {VoiceId} at {Provider}", voiceId, voice.Provider);
        return voice;
    }
}
