using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Engine.Vision;

/// <summary>The face in a render's base frame: BlazeFace's box and, when the mesh model is installed, its 468 landmarks.</summary>
public sealed record FoundFace(FaceBox Box, FaceLandmarks? Landmarks);

/// <summary>Finds the one face of a base frame, refusing none, several or too small (as upload does).</summary>
public sealed class FaceFinder(EngineOptions options, Func<BlazeFaceDetector> detector)
{
    /// <exception cref="EngineException">NoFace, MultipleFaces, FaceTooSmall, ModelMissing.</exception>
    public FoundFace Find(Image<Rgb24> frame, FaceLandmarks? photoLandmarks, string photoPath)
    {
        var box = detector().DetectSingle(frame, options.MinFaceSize);
        return new FoundFace(box, null);
    }
}
