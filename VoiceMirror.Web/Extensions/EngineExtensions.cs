using VoiceMirror.Engine;

namespace VoiceMirror.Web.Extensions;

public static class EngineExtensions
{
    /// <summary>The engine with its speech providers (AddVoiceMirrorEngine registers both).</summary>
    public static void AddEngine(this WebApplicationBuilder builder) =>
        builder.Services.AddVoiceMirrorEngine(builder.Configuration);
}
