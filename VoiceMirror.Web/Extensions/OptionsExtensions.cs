using Microsoft.Extensions.Options;

namespace VoiceMirror.Web.Extensions;

internal static class OptionsExtensions
{
    /// Binds a VoiceMirror:* section and checks it when the app starts, so a bad value stops start-up
    /// with the option's own message instead of failing the first request that needs it.
    public static OptionsBuilder<T> AddValidatedOptions<T>(this WebApplicationBuilder builder, string section) where T : class =>
        builder.Services.AddOptions<T>().Bind(builder.Configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
}
