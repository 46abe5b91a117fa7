namespace VoiceMirror.Engine.Speech;

/// <summary>Picks the espeak-ng language for text when no voice was chosen.</summary>
public static class ScriptDetector
{
    /// <summary>
    /// "ru" when Cyrillic letters are at least as many as Latin ones (and there is at least one), else "en".
    /// Counting letters, not characters, keeps digits and punctuation from swaying the choice.
    /// </summary>
    public static string DetectLanguage(string text)
    {
        int cyrillic = 0, latin = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c)) continue;
            if (c is >= '\u0400' and <= '\u04FF' or >= '\u0500' and <= '\u052F') cyrillic++;
            else if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '\u00C0' and <= '\u024F') latin++;
        }
        return cyrillic > 0 && cyrillic >= latin ? "ru" : "en";
    }
}
