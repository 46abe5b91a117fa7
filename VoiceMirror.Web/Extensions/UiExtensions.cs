using MudBlazor.Services;
using VoiceMirror.Web.Components;

namespace VoiceMirror.Web.Extensions;

public static class UiExtensions
{
    public static void AddVoiceMirrorUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddMudServices();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddScoped<Components.Shared.DraftKeeper>();
        builder.AddVoiceMirrorUiCulture();
    }

    public static void MapVoiceMirrorUi(this WebApplication app)
    {
        // Unknown pages (/nope, /studio/abc) get the app's own 404 page; API paths keep their ProblemDetails.
        app.UseWhen(http => !UiCultureExtensions.IsApi(http.Request.Path),
            branch => branch.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapVoiceMirrorCultureSwitch();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
