using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using VoiceMirror.Engine.Vision;

namespace VoiceMirror.Engine.Animators.Wav2Lip;

/// <summary>
/// Wav2Lip: a generated 96 px lower face per frame from the mel window, blended into the photo. The weights are the
/// Wav2Lip authors' (research / non-commercial); VoiceMirror ships none and uses this engine only where installed.
/// </summary>
public sealed class Wav2LipAnimator(EngineOptions options, Func<Wav2LipBatcher> batcher) : IFaceAnimator
{
    public const string EngineId = "wav2lip";

    public string Id => EngineId;

    public AnimatorInfo Describe()
    {
        string? reason = null;
        try { ModelFiles.ResolveWav2Lip(options); }
        catch (EngineException e) { reason = e.Message; }
        return new AnimatorInfo(EngineId, "Wav2Lip", "Research / non-commercial use only (Wav2Lip weights)", reason is null, reason);
    }

    public (string Model, string Provider) Runtime()
    {
        var loaded = batcher().Model;
        return (loaded.ModelName, loaded.ExecutionProvider);
    }

    public IAsyncEnumerable<ReadOnlyMemory<byte>> RenderAsync(AnimationScene scene, IProgress<int>? framesDone, CancellationToken ct)
    {
        var shared = batcher();
        var wav2lip = shared.Model;
        var crop = UprightCrop.For(scene.Face, scene.Landmarks, options.FacePaddingTop, options.FacePaddingBottom,
            options.FacePaddingLeft, options.FacePaddingRight);
        var faceInput = BuildFaceInput(scene.BaseFrame, crop, wav2lip.FaceSize);
        var plane = wav2lip.FaceSize * wav2lip.FaceSize;
        var blender = new MouthBlender(crop, scene.BaseFrame.Size(), wav2lip.FaceSize, scene.Landmarks,
            faceInput.AsSpan(3 * plane, 3 * plane));
        // A render's chunks are smaller than the shared batch, so several renders fill one batch between them.
        var chunk = Math.Clamp(shared.BatchSize / 2, 1, 64);
        var frames = new Wav2LipFrameSource(shared, scene.Speech.Mel, scene.FrameCount, scene.Fps, faceInput, blender,
            scene.BaseFrame, chunk, framesDone);
        return frames.ReadAllAsync(ct);
    }

    /// <summary>
    /// The 6xSxS model input, built once: the upright crop at the photo's resolution, then resized to S with a
    /// bilinear filter as Wav2Lip's cv2.resize does.
    /// </summary>
    internal static float[] BuildFaceInput(Image<Rgb24> baseFrame, UprightCrop crop, int faceSize)
    {
        using var upright = crop.Extract(baseFrame);
        upright.Mutate(c => c.Resize(faceSize, faceSize, KnownResamplers.Triangle));
        var input = new float[6 * faceSize * faceSize];
        FaceCrop.WriteModelInput(upright, input);
        return input;
    }
}
