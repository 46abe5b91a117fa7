using Microsoft.AspNetCore.Hosting;

namespace VoiceMirror.Tests.Web.Components;

/// The app factory plus static web assets (blazor.web.js, MudBlazor's files): outside Development they are
/// served only from published output, and the tests run the build output of the "Testing" environment.
public sealed class BrowserAppFactory : VoiceMirrorAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseStaticWebAssets();
    }
}
