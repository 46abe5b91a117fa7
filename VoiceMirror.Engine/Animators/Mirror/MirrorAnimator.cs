namespace VoiceMirror.Engine.Animators.Mirror;

/// <summary>
/// The built-in engine: the photo's own face at its own resolution, the mouth moved by a mesh warp
/// (<see cref="MirrorRenderer"/>) along a track of mouth poses from the phonemes (espeak-ng voices) or from the mel
/// spectrogram (any other voice). Its only model is MediaPipe Face Mesh (Apache-2.0), which VoiceMirror ships.
/// </summary>
public sealed class MirrorAnimator(EngineOptions options) : IFaceAnimator
{
    public const string EngineId = "mirror";

    // Frames drawn ahead of the encoder: enough to keep both cores busy, few enough to bound memory.
    private const int Ahead = 4;

    public string Id => EngineId;

    public AnimatorInfo Describe()
    {
        string? reason = null;
        try { ModelFiles.ResolveFaceMesh(options); }
        catch (EngineException e) { reason = e.Message; }
        return new AnimatorInfo(EngineId, "VoiceMirror Mirror", "Apache-2.0 (MediaPipe Face Mesh); commercial use allowed", reason is null, reason);
    }

    public (string Model, string Provider) Runtime() => (Path.GetFileName(options.FaceMeshModel), "CPU");

    /// <exception cref="EngineException">ModelMissing when the scene has no face landmarks (the face mesh model is not installed).</exception>
    public IAsyncEnumerable<ReadOnlyMemory<byte>> RenderAsync(AnimationScene scene, IProgress<int>? framesDone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ModelFiles.ResolveFaceMesh(options); // names the missing file and how to install it
        if (scene.Landmarks is null)
            throw new EngineException(EngineError.ModelMissing,
                "The Mirror engine needs the face's landmarks, but none were found: is the face mesh model installed (models/builtin/face_landmark.onnx)?");
        var mouth = Track(scene);
        var renderer = new MirrorRenderer(scene.BaseFrame, scene.Landmarks);
        return FrameStream.RunAsync(renderer.FrameBytes, scene.FrameCount, Ahead, async (sink, token) =>
        {
            for (var i = 0; i < scene.FrameCount; i++)
            {
                token.ThrowIfCancellationRequested();
                var frame = sink.Rent();
                renderer.Render(i < mouth.Length ? mouth[i] : MouthPose.Closed, 0f, frame.AsSpan(0, sink.FrameBytes));
                await sink.WriteAsync(frame, token).ConfigureAwait(false);
                if (i % 25 == 24 || i == scene.FrameCount - 1) framesDone?.Report(i + 1);
            }
        }, ct);
    }

    /// <summary>The mouth poses of a scene: from the phonemes where the voice told them, else from the mel.</summary>
    internal static MouthPose[] Track(AnimationScene scene) =>
        scene.Speech.Phonemes is { Count: > 0 } phonemes
            ? MouthTrack.FromPhonemes(phonemes, scene.Speech.Language, scene.Speech.Seconds, scene.FrameCount, scene.Fps)
            : MouthTrack.FromMel(scene.Speech.Mel, scene.FrameCount, scene.Fps);
}
