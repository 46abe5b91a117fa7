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
        // The integrations page shows figures. The studio's clicks spend the animate window too: 20 a minute is far
        // more than one test class starts.
        Settings["VoiceMirror:Limits:Animate:PermitLimit"] = "20";
        Settings["VoiceMirror:Limits:Clone:PermitLimit"] = "5";
        Settings["VoiceMirror:Limits:Clone:WindowSeconds"] = "3600";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseStaticWebAssets();
    }
}
