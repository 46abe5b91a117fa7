using VoiceMirror.Engine.Speech;

namespace VoiceMirror.Web.Components.Shared;

/// How voices are named in the UI: espeak-ng's English names in the reader's language, providers by their brand.
public static class VoiceNames
{
    public static string Label(VoiceInfo v)
    {
        var gender = v.Gender switch { "male" => UiText.Get("Voice.Male"), "female" => UiText.Get("Voice.Female"), _ => null };
        var language = UiText.Get("Lang." + v.Language);
        return v.Provider == "espeak" && gender is not null && language != "Lang." + v.Language ? $"{language} ({gender})" : v.Name;
    }

    public static string Language(string code) => UiText.Resources.GetString("Lang." + code, System.Globalization.CultureInfo.CurrentUICulture) ?? code;

    public static string Provider(string provider) => provider switch
    {
        "espeak" => "espeak-ng",
        "elevenlabs" => "ElevenLabs",
        "openai" => UiText.Get("Voices.ProviderOpenAi"),
        _ => provider,
    };

    /// Relative to the page's base href, like every other app URL in the UI.
    public static string PreviewUrl(string voiceId, string language) =>
        $"voices/{Uri.EscapeDataString(voiceId)}/preview?language={language}";
}
