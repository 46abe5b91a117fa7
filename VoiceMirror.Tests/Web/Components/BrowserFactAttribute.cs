namespace VoiceMirror.Tests.Web.Components;

/// A browser test: skipped only where Debian's Chromium is not installed (scripts/test installs it, so CI runs them).
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(ChromiumPath)) Skip = $"{ChromiumPath} is not installed.";
    }
}
