using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Engine.Vision;

/// <summary>The face in a render's base frame: BlazeFace's box and, when the mesh model is installed, its 468 landmarks.</summary>
public sealed record FoundFace(FaceBox Box, FaceLandmarks? Landmarks);

/// <summary>
/// Finds the one face of a base frame, refusing none, several or too small (as upload does), and its mesh: the one
/// stored with the avatar when there is one (mapped from photo to frame pixels), else found now.
/// </summary>
public sealed class FaceFinder(EngineOptions options, Func<BlazeFaceDetector> detector, Func<FaceMeshModel> mesh)
{
    /// <param name="photoLandmarks">The mesh found at upload, in pixels of the photo of size <paramref name="photoSize"/>.</param>
    /// <exception cref="EngineException">NoFace, MultipleFaces, FaceTooSmall, ModelMissing (face detector).</exception>
    public FoundFace Find(Image<Rgb24> frame, FaceLandmarks? photoLandmarks, Size photoSize)
    {
        var box = detector().DetectSingle(frame, options.MinFaceSize);
        var landmarks = photoLandmarks is not null
            ? PhotoLoader.FitToFrame(photoLandmarks, photoSize.Width, photoSize.Height, frame.Width, frame.Height)
            : TryMesh(frame, box);
        return new FoundFace(box, landmarks);
    }

    // Without the mesh model Wav2Lip still renders (no blinks); the built-in engine says itself what is missing.
    private FaceLandmarks? TryMesh(Image<Rgb24> frame, FaceBox box)
    {
        FaceMeshModel model;
        try { model = mesh(); }
        catch (EngineException e) when (e.Error == EngineError.ModelMissing) { return null; }
        return model.Detect(frame, box);
    }
}
