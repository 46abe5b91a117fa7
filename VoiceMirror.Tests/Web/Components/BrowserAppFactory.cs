using Microsoft.AspNetCore.Hosting;

namespace VoiceMirror.Tests.Web.Components;

/// The app factory plus static web assets (blazor.web.js, MudBlazor's files): outside Development they are
/// served only from published output, and the tests run the build output of the "Testing" environment.
public sealed class BrowserAppFactory : VoiceMirrorAppFactory
{
    public BrowserAppFactory()
    {
        // At 256x256 the astronaut's face is 47 px, under MinFaceSize (48): the render would fail with FaceTooSmall.
        Settings["VoiceMirror:Engine:OutputWidth"] = "384";
        Settings["VoiceMirror:Engine:OutputHeight"] = "384";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseStaticWebAssets();
    }
}
