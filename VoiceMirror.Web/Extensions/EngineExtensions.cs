using VoiceMirror.Engine;
using VoiceMirror.Engine.Speech;

namespace VoiceMirror.Web.Extensions;

public static class EngineExtensions
{
    public static void AddEngine(this WebApplicationBuilder builder)
    {
        builder.Services.AddVoiceMirrorEngine(builder.Configuration);
        // AddVoiceMirrorEngine registers the speech providers too (CONTRACTS.md); registering them twice would
        // list every voice twice, so this only fills the gap when an engine build does not.
        if (!builder.Services.Any(d => d.ServiceType == typeof(VoiceCatalog)))
            builder.Services.AddSpeechProviders(builder.Configuration);
    }
}
