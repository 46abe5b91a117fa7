using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Options;

namespace VoiceMirror.Web.Extensions;

internal static class OptionsExtensions
{
    /// Binds a VoiceMirror:* section and checks it when the app starts, so a bad value stops start-up
    /// with the option's own message instead of failing the first request that needs it.
    public static OptionsBuilder<T> AddValidatedOptions<T>(this WebApplicationBuilder builder, string section) where T : class =>
        builder.Services.AddOptions<T>().Bind(builder.Configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();

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
