using MudBlazor.Services;
using VoiceMirror.Web.Components;

namespace VoiceMirror.Web.Extensions;

public static class UiExtensions
{
    public static void AddVoiceMirrorUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddMudServices();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
    }

    public static void MapVoiceMirrorUi(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
