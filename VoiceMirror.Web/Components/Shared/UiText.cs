using System.Globalization;
using System.Resources;

namespace VoiceMirror.Web.Components.Shared;

/// Texts of the browser UI in Russian (default, Resources/UiText.resx) and English (UiText.en.resx). Refusals and
/// render errors are not here: they come from <see cref="Localization.Messages"/>, so the page says exactly what the API says.
public static class UiText
{
    internal static readonly ResourceManager Resources = new("VoiceMirror.Web.Resources.UiText", typeof(UiText).Assembly);

    public static string Get(string key, params object?[] args)
    {
        var culture = CultureInfo.CurrentUICulture;
        var format = Resources.GetString(key, culture) ?? key;
        return args.Length == 0 ? format : string.Format(culture, format, args);
    }

    public static bool IsEnglish(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en";

    /// Russian plural form (1 анимация, 2 анимации, 5 анимаций); English uses one/other. Resx has no plural rules,
    /// so the form is chosen here (CLDR's rule for Russian) and each form is its own resource.
    public static string Count(int n, string oneKey, string fewKey, string manyKey)
    {
        if (IsEnglish(CultureInfo.CurrentUICulture)) return Get(n == 1 ? oneKey : manyKey, n);
        var mod100 = n % 100;
        var mod10 = n % 10;
        var key = mod10 == 1 && mod100 != 11 ? oneKey
            : mod10 is >= 2 and <= 4 && mod100 is < 12 or > 14 ? fewKey
            : manyKey;
        return Get(key, n);
    }

    /// Pipeline stage names as shown next to the progress bar.
    public static string Stage(string? stage) => Get("Stage." + (string.IsNullOrEmpty(stage) ? "queued" : stage));

    public static string Status(string status) => Get("Status." + status);
}
