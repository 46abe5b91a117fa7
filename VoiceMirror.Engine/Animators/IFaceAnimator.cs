namespace VoiceMirror.Engine.Animators;

/// <summary>
/// One way of turning a still face and a speech track into video frames (the built-in mesh engine, Wav2Lip).
/// Everything before (speech, audio, face) and after (liveliness, encoding) is the pipeline's, shared by all.
/// </summary>
public interface IFaceAnimator
{
    /// <summary>Stable id used by the API, the database and the CLI: <c>mirror</c>, <c>wav2lip</c>.</summary>
    string Id { get; }

    /// <summary>Name, licence and whether it can render now (its model files are installed), with the reason if not.</summary>
    AnimatorInfo Describe();

    /// <summary>The model file and execution provider that render (loads the model if it was not loaded yet).</summary>
    (string Model, string Provider) Runtime();

    /// <summary>
    /// Streams exactly <see cref="AnimationScene.FrameCount"/> RGB24 frames of the base frame's size, in order.
    /// A yielded buffer may be reused once the consumer asks for the next frame.
    /// </summary>
    /// <exception cref="EngineException">ModelMissing and the like, thrown before the first frame.</exception>
    IAsyncEnumerable<ReadOnlyMemory<byte>> RenderAsync(AnimationScene scene, IProgress<int>? framesDone, CancellationToken ct);
}

/// <summary>What <c>GET /engines</c> shows of an animator.</summary>
public sealed record AnimatorInfo(string Id, string Name, string Licence, bool Available, string? UnavailableReason);
