using Microsoft.AspNetCore.Localization;

namespace VoiceMirror.Web.Extensions;

/// Language of the browser UI: the cookie set by /culture/{code}, else Russian. API clients keep
/// Accept-Language (a UI page with an English browser still opens in Russian until the user switches).
/// The Hangfire dashboard counts as UI: its texts and dates follow the same switch.
public static class UiCultureExtensions
{
    private static readonly string[] ApiPrefixes = ["/avatar", "/voices", "/hubs", "/api", "/swagger", "/uploads", "/health", "/limits", "/webhooks"];

    public static void AddVoiceMirrorUiCulture(this WebApplicationBuilder builder) =>
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            // After query string and cookie, before Accept-Language.
            var cookieIndex = o.RequestCultureProviders.ToList().FindIndex(p => p is CookieRequestCultureProvider);
            o.RequestCultureProviders.Insert(cookieIndex + 1, new CustomRequestCultureProvider(http =>
                Task.FromResult(IsApi(http.Request.Path) ? null : new ProviderCultureResult("ru"))));
        });

    public static void MapVoiceMirrorCultureSwitch(this WebApplication app) =>
        app.MapGet("/culture/{code}", (string code, string? redirectUri, HttpContext http) =>
        {
            if (ApiExtensions.Cultures.Any(c => c.Name == code))
                http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(code)),
                    new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            // Only a local path: never an open redirect.
            var target = redirectUri is { Length: > 0 } && redirectUri[0] == '/' && !redirectUri.StartsWith("//") && !redirectUri.StartsWith("/\\")
                ? redirectUri : "/";
            return Results.LocalRedirect(target);
        }).ExcludeFromDescription();

    private static bool IsApi(PathString path) =>
        ApiPrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
}
