using Microsoft.Extensions.Configuration.Json;

namespace VoiceMirror.Web.Extensions;

public static class HostingExtensions
{
    /// appsettings.json says "Urls": "http://localhost:3000", and app settings outrank ASPNETCORE_* variables,
    /// so ASPNETCORE_URLS is applied explicitly (a --urls argument still wins).
    public static void UseUrlsFromEnvironment(this WebApplicationBuilder builder)
    {
        var urls = Environment.GetEnvironmentVariable("ASPNETCORE_URLS");
        if (string.IsNullOrWhiteSpace(urls) || Environment.GetCommandLineArgs().Any(a => a.StartsWith("--urls", StringComparison.OrdinalIgnoreCase))) return;
        builder.WebHost.UseUrls(urls);
    }

    /// Development overrides live in the repository's top-level appsettings.Development.json. It is read when
    /// present, right after the project's own appsettings files, so environment variables and the command line still win.
    public static void AddRepositorySettings(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment()) return;
        var file = new[] { builder.Environment.ContentRootPath, Directory.GetCurrentDirectory() }
            .Select(dir => Path.GetFullPath(Path.Combine(dir, "..", "appsettings.Development.json")))
            .FirstOrDefault(File.Exists);
        if (file is null) return;
        var sources = builder.Configuration.Sources;
        var after = sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource).i;
        var source = new JsonConfigurationSource { Path = file, Optional = true };
        source.ResolveFileProvider(); // an absolute path needs a provider rooted at its folder
        sources.Insert(after + 1, source);
    }
}
