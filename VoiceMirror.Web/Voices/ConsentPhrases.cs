using System.Globalization;

namespace VoiceMirror.Web.Voices;

/// Picks which of a provider's consent phrases (keyed by BCP 47 tag, e.g. "ru-RU", "en-US") the speaker reads.
public static class ConsentPhrases
{
    /// The configured tag for <paramref name="requested"/> (exact, ignoring case), or — when nothing was asked for —
    /// the first tag in the user's language, else the first configured; null when the requested one is not offered.
    public static string? Language(IReadOnlyDictionary<string, string> phrases, string? requested)
    {
        if (phrases.Count == 0) return null;
        if (!string.IsNullOrWhiteSpace(requested))
            return phrases.Keys.FirstOrDefault(k => string.Equals(k, requested.Trim(), StringComparison.OrdinalIgnoreCase));
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        return phrases.Keys.FirstOrDefault(k => k.Split('-')[0].Equals(language, StringComparison.OrdinalIgnoreCase)) ?? phrases.Keys.First();
    }
}
