using System.Globalization;
using System.Resources;
using VoiceMirror.Engine;

namespace VoiceMirror.Web.Localization;

/// User-facing texts in Russian (default, Resources/Messages.resx) and English (Messages.en.resx), keyed by
/// EngineError name or a validation key. The API's ProblemDetails and the Blazor UI both read them here.
public static class Messages
{
    internal static readonly ResourceManager Resources = new("VoiceMirror.Web.Resources.Messages", typeof(Messages).Assembly);

    public static string Get(string key, params object?[] args) => Get(key, CultureInfo.CurrentUICulture, args);

    public static string Get(string key, CultureInfo culture, params object?[] args)
    {
        var format = Resources.GetString(key, culture) ?? key;
        return args.Length == 0 ? format : string.Format(culture, format, args);
    }

    public static string For(EngineError error) => Get(error.ToString());

    public static bool Has(string key) => Resources.GetString(key, CultureInfo.InvariantCulture) is not null;
}
