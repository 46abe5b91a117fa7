namespace VoiceMirror.Web.Jobs;

/// Thrown by the render job after the animation's error row is saved, so that Hangfire's dashboard shows the job
/// as Failed with the reason; AnimateAvatarJob's retry attribute excludes it, since the render cannot succeed again.
public sealed class AnimationFailedException(int animationId, string errorCode, Exception inner)
    : Exception($"Animation {animationId} failed: {errorCode}. {inner.Message}", inner)
{
    public int AnimationId { get; } = animationId;
    public string ErrorCode { get; } = errorCode;
}
