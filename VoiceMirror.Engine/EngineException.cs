namespace VoiceMirror.Engine;

/// <summary>What went wrong, in a form callers can map to a message in the user's language.</summary>
public enum EngineError
{
    CorruptImage,
    UnsupportedImage,
    NoFace,
    MultipleFaces,
    FaceTooSmall,
    EmptyText,
    TextTooLong,
    UnknownVoice,
    SpeechFailed,
    CorruptAudio,
    EmptyAudio,
    SilentAudio,
    ModelMissing,
    ModelUnsupported,
    VoiceProviderFailed,
    VoiceCloningUnsupported,
    EncodingFailed,
    UnknownEngine,
    EngineUnavailable,
    ImageDimensionsTooLarge,
    ImageTooManyPixels,
    PhotoQueueFull,
    VoiceNotDeletable,
    ConsentRecordingRequired,
}

/// <summary>A failure the caller can explain to the user; <see cref="Exception.Message"/> is English detail for logs.</summary>
public sealed class EngineException(EngineError error, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public EngineError Error { get; } = error;

    /// <summary>Values for the user's message (sizes, limits), in the order the message template uses them.</summary>
    public IReadOnlyList<object> Args { get; init; } = [];
}
