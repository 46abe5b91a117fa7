using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Tests.Engine.Animators.Mirror;

/// <summary>The committed faces the Mirror tests run on: astronaut.png with its model landmarks, and MediaPipe's canonical face.</summary>
internal static class MirrorData
{
    public static FaceLandmarks AstronautLandmarks => Landmarks("astronaut_landmarks.json");

    /// <summary>MediaPipe's canonical (neutral, slightly open mouth) face placed in a 512x512 frame.</summary>
    public static FaceLandmarks CanonicalLandmarks => Landmarks("canonical_landmarks.json");

    /// <summary>The canonical face rolled 20° clockwise about the frame's centre: the rigs must work in the face's own axes.</summary>
    public static FaceLandmarks TiltedCanonicalLandmarks
    {
        get
        {
            var values = CanonicalLandmarks.Values.ToArray();
            var (sin, cos) = MathF.SinCos(20f * MathF.PI / 180f);
            for (var i = 0; i < values.Length; i += 3)
            {
                float x = values[i] - 256, y = values[i + 1] - 256;
                values[i] = 256 + x * cos - y * sin;
                values[i + 1] = 256 + x * sin + y * cos;
            }
            return new FaceLandmarks(values);
        }
    }

    public static FaceLandmarks Named(string face) => face switch
    {
        "astronaut" => AstronautLandmarks,
        "canonical" => CanonicalLandmarks,
        "tilted" => TiltedCanonicalLandmarks,
        _ => throw new ArgumentOutOfRangeException(nameof(face)),
    };

    public static Image<Rgb24> Astronaut() =>
        Image.Load<Rgb24>(Path.Combine(AppContext.BaseDirectory, "TestData", "images", "astronaut.png"));

    public static byte[] Pixels(Image<Rgb24> image)
    {
        var bytes = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(bytes);
        return bytes;
    }

    private static FaceLandmarks Landmarks(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "facemesh", name)));
        return new FaceLandmarks(doc.RootElement.GetProperty("points").EnumerateArray().Select(v => v.GetSingle()).ToArray());
    }
}
