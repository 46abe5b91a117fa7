namespace VoiceMirror.Web.Errors;

/// A request the API refuses: HTTP status plus a <see cref="Localization.Messages"/> key and its arguments.
public sealed class ApiProblemException(int status, string messageKey, params object?[] args)
    : Exception($"{messageKey} ({status})")
{
    public int Status { get; } = status;
    public string MessageKey { get; } = messageKey;
    public object?[] Args { get; } = args;

    public static ApiProblemException BadRequest(string key, params object?[] args) => new(StatusCodes.Status400BadRequest, key, args);
    public static ApiProblemException NotFound(string key, params object?[] args) => new(StatusCodes.Status404NotFound, key, args);
}
