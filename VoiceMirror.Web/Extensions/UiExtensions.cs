using MudBlazor.Services;
using VoiceMirror.Web.Components;
using VoiceMirror.Web.Components.Shared;

namespace VoiceMirror.Web.Extensions;

public static class UiExtensions
{
    public static void AddVoiceMirrorUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddMudServices();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddScoped<StudioState>(); // the pages' data as view records, one per circuit
        builder.Services.AddScoped<Components.Shared.DraftKeeper>();
        builder.Services.AddScoped<Components.Shared.VoicePreviewPlayer>();
        builder.AddVoiceMirrorUiCulture();
    }

    /// Unknown pages (/nope, /studio/abc) get the app's own 404 page. Called before the API's middleware: that one
    /// answers API paths with ProblemDetails first, and this one re-executes only what is still an empty error.
    public static void UseVoiceMirrorNotFoundPage(this WebApplication app) =>
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

    public static void MapVoiceMirrorUi(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapVoiceMirrorCultureSwitch();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
