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
        builder.AddVoiceMirrorUiCulture();
    }

    public static void MapVoiceMirrorUi(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapVoiceMirrorCultureSwitch();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
