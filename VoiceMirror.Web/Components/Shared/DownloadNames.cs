using System.Globalization;
using System.Text;

namespace VoiceMirror.Web.Components.Shared;

/// A downloaded file is named after the avatar and the moment of the render (Анна-2026-11-25-1405.mp4), not
/// after its storage name, so a folder of downloads stays readable.
public static class DownloadNames
{
    public static string For(string avatarName, DateTime createdUtc, string extension)
    {
        var name = new StringBuilder();
        foreach (var c in avatarName.Trim())
            name.Append(char.IsLetterOrDigit(c) || c is '-' or '_' ? c : c is ' ' or '.' ? '_' : '\0');
        var clean = name.ToString().Replace("\0", "").Trim('_');
        if (clean.Length > 60) clean = clean[..60];
        var stamp = createdUtc.ToString("yyyy-MM-dd-HHmm", CultureInfo.InvariantCulture);
        return (clean.Length == 0 ? "voicemirror" : clean) + "-" + stamp + extension;
    }
}
