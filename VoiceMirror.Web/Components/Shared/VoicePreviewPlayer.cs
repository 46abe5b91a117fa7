using Microsoft.JSInterop;
using VoiceMirror.Engine.Speech;
using VoiceMirror.Web.Voices;

namespace VoiceMirror.Web.Components.Shared;

/// Plays a voice's sample sentence in a page's own audio element (the Voices page and the studio each have one).
public sealed class VoicePreviewPlayer(VoicePreviewCache previews, IJSRuntime js, ILogger<VoicePreviewPlayer> logger)
{
    /// Null when it plays, otherwise what to tell the user.
    public async Task<string?> PlayAsync(VoiceInfo voice, string uiLanguage, string playerSelector)
    {
        try
        {
            var language = VoicePreviewCache.DefaultLanguage(voice, uiLanguage);
            // Made (or found) here first, so a failure is said in words rather than as a silent player.
            await previews.GetAsync(voice.Id, language, CancellationToken.None);
            await js.InvokeVoidAsync("vmVoices.play", playerSelector, VoiceNames.PreviewUrl(voice.Id, language));
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (!UiErrors.IsExpected(e) && e is not JSException) logger.LogError(e, "Preview of voice {VoiceId} failed", voice.Id);
            return UiErrors.Describe(e);
        }
    }
}
