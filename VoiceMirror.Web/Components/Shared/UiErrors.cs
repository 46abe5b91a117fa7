using VoiceMirror.Engine;
using VoiceMirror.Web.Errors;
using VoiceMirror.Web.Limits;
using VoiceMirror.Web.Localization;

namespace VoiceMirror.Web.Components.Shared;

/// Turns a refusal from the services into the same sentence the API puts in ProblemDetails.detail.
public static class UiErrors
{
    /// True for failures that are the user's input or a known engine condition; anything else is a bug to log.
    public static bool IsExpected(Exception e) => e is ApiProblemException or EngineException or RateLimitedException;

    public static string Describe(Exception e) => e switch
    {
        ApiProblemException api => Messages.Get(api.MessageKey, api.Args),
        EngineException engine => Messages.Get(engine.Error.ToString(), [.. engine.Args]),
        RateLimitedException limited => Messages.Get(limited.MessageKey, limited.Args),
        _ => Messages.Get("Unexpected"),
    };

    /// A failed render's reason by its stored code (EngineError name or RenderFailed).
    public static string ForCode(string? code) => Messages.Get(string.IsNullOrEmpty(code) ? "RenderFailed" : code);
}
