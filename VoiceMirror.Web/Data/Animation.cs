using VoiceMirror.Web.Access;

namespace VoiceMirror.Web.Data;

/// One render of an avatar speaking a text; kept as the avatar's history.
public sealed class Animation : IOwned
{
    public int Id { get; set; }

    /// The avatar's owner, copied so ownership checks need no join; null when made in Open mode.
    public string? OwnerId { get; set; }
    public int AvatarId { get; set; }
    public Avatar? Avatar { get; set; }

    public required string Text { get; set; }
    public string? VoiceId { get; set; }

    /// processing | completed | error (see <see cref="AnimationStatus"/>).
    public string Status { get; set; } = AnimationStatus.Processing;
    public string Stage { get; set; } = AnimationStage.Queued;
    public int Progress { get; set; }

    /// The MP3 served as audioUrl.
    public string? AudioFile { get; set; }

    /// The speech as the provider made it (WAV for espeak-ng): what the render reads, so the lips and the video's
    /// sound come from the original rather than from the MP3. Null for rows made before it was kept.
    public string? SpeechFile { get; set; }

    /// The phonemes of SpeechFile with their times (JSON list of PhonemeMark), for espeak-ng voices.
    public string? Phonemes { get; set; }
    /// Reserved before rendering so a re-run after a crash overwrites the same file instead of adding one.
    public string? VideoFile { get; set; }

    /// EngineError name (or RenderFailed) when Status is error; ErrorMessage is the English detail for logs.
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }

    public double? DurationSeconds { get; set; }

    /// The engine that renders it (mirror | wav2lip), chosen when the request arrives.
    public string? Engine { get; set; }

    /// Blinks and head motion on (the default) or off for this render.
    public bool Liveliness { get; set; } = true;

    /// The model file and where it ran (CPU | CUDA), once rendered.
    public string? Model { get; set; }
    public string? ExecutionProvider { get; set; }

    /// The Hangfire job rendering it (or a node's short-lived claim before the job exists): lets any node see that a
    /// row lost its job and give it a new one.
    public string? JobId { get; set; }
    /// SHA-256 of avatar id, voice, text, engine and liveliness, unique: identical requests share one row.
    public required string RequestHash { get; set; }

    /// Job starts so far; a failure that is not an EngineException is retried until this reaches the limit.
    public int Attempts { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }

    /// Where the final status is POSTed (checked by the SSRF guard when the request arrived); null = no webhook.
    public string? CallbackUrl { get; set; }
    /// The server's address as the caller saw it, so the webhook's audioUrl/videoUrl match those of GET status.
    public string? CallbackBaseUrl { get; set; }

    /// A copy that shares nothing with a DbContext (the avatar left out), for subscribers of its changes.
    public Animation Snapshot()
    {
        var copy = (Animation)MemberwiseClone();
        copy.Avatar = null;
        return copy;
    }
}

public static class AnimationStatus
{
    public const string Processing = "processing";
    public const string Completed = "completed";
    public const string Error = "error";
}

public static class AnimationStage
{
    public const string Queued = "queued";
    public const string Retrying = "retrying";
    public const string Done = "done";
    public const string Failed = "failed";

    /// Pipeline stages as clients see them: "inference", "encode"…
    public static string From(VoiceMirror.Engine.Pipeline.PipelineStage stage) => stage.ToString().ToLowerInvariant();
}
