using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace VoiceMirror.Tests.Engine.Vision;

/// <summary>Paths of the committed test assets (copied next to the test assembly).</summary>
internal static class VisionData
{
    public static string Model(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "models", name);
    public static string ImagePath(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "images", name);
    public static Image<Rgb24> LoadImage(string name) => Image.Load<Rgb24>(ImagePath(name));
    public const string FrontModel = "face_detection_front_128x128.onnx";
    public const string BackModel = "face_detection_back_256x256.onnx";
}
