using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using VoiceMirror.Engine.Animators.Wav2Lip;
using VoiceMirror.Engine.Vision;
using VoiceMirror.Engine.Vision.FaceMesh;
using VoiceMirror.Tests.Engine.Pipeline;

namespace VoiceMirror.Tests.Engine.Animators.Wav2Lip;

/// <summary>The astronaut turned ±20°: found, cropped upright, and blended back where the mouth is without a seam.</summary>
public sealed class TiltedFaceTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    private const int S = 96;

    [Theory]
    [InlineData(20f)]
    [InlineData(-20f)]
    public void TiltedFaceIsFoundAndItsCropIsTurnedUprightByTheEyeLine(float degrees)
    {
        using var frame = TiltedAstronaut(degrees);
        var face = Find(frame);

        Assert.NotNull(face.Landmarks);
        // ImageSharp turns clockwise for positive degrees, which is a positive roll with y down.
        Assert.InRange(UprightCrop.Roll(face.Box, face.Landmarks) * 180 / MathF.PI, degrees - 5, degrees + 5);
        Assert.InRange(UprightCrop.Roll(face.Box, null) * 180 / MathF.PI, degrees - 8, degrees + 8);
    }

    [Theory]
    [InlineData(20f, true)]
    [InlineData(-20f, true)]
    [InlineData(20f, false)]
    [InlineData(-20f, false)]
    public void BlendedRegionIsCentredOnTheMouthAlongTheTiltedFace(float degrees, bool withMesh)
    {
        using var frame = TiltedAstronaut(degrees);
        var face = Find(frame);
        var mesh = face.Landmarks!;
        var (blender, _) = Blender(frame, face, withMesh ? mesh : null);

        PointF mouth = Mid(mesh[13], mesh[14]), chin = mesh[152];
        var mouthWidth = Distance(mesh[61], mesh[291]);
        // The mask's centre of weight, measured along the face's own axes from the mouth centre.
        var roll = UprightCrop.Roll(face.Box, mesh);
        var (across, down) = MaskCentroid(blender, mouth, roll);
        Assert.InRange(across, -0.15f * mouthWidth, 0.15f * mouthWidth);
        Assert.InRange(down, -0.3f * mouthWidth, Distance(mouth, chin));
        Assert.True(blender.MaskAt((int)mouth.X, (int)mouth.Y) > 0.95f, "the mouth centre is not fully blended");
        if (withMesh)
        {
            // The lips are inside the mask, the nose tip and the eyes are not.
            Assert.True(blender.MaskAt((int)mesh[61].X, (int)mesh[61].Y) > 0.5f);
            Assert.True(blender.MaskAt((int)mesh[291].X, (int)mesh[291].Y) > 0.5f);
            foreach (var i in new[] { 1, 33, 263 }) Assert.Equal(0f, blender.MaskAt((int)mesh[i].X, (int)mesh[i].Y));
        }
    }

    [Theory]
    [InlineData(20f)]
    [InlineData(-20f)]
    public void AnUnchangedFaceBlendsBackWithoutASeamAndAWrongTurnWouldShowOne(float degrees)
    {
        using var frame = TiltedAstronaut(degrees);
        var face = Find(frame);
        var (blender, reference) = Blender(frame, face, face.Landmarks, keepDetail: false);
        var photo = new byte[frame.Width * frame.Height * 3];
        frame.CopyPixelDataTo(photo);
        var blended = new byte[photo.Length];
        // The reference input is what a model that changes nothing would return: only its low band goes in.
        blender.Blend(frame, reference, blended);

        var crop = UprightCrop.For(face.Box, face.Landmarks, 0, 10, 0, 0);
        var wrong = new MouthBlender(crop with { Rotation = -crop.Rotation }, frame.Size(), S, face.Landmarks, reference) { KeepPhotoDetail = false };
        var misplaced = new byte[photo.Length];
        wrong.Blend(frame, reference, misplaced);

        var (photoEnergy, blendEnergy) = BorderGradientEnergy(blender, frame.Width, photo, blended);
        Assert.True(blendEnergy <= photoEnergy, $"gradient energy on the mask border {blendEnergy:F1} > the photo's {photoEnergy:F1}");
        // A seam is a low-frequency step between blend and photo: their 5x5 means differ along the border.
        var step = BorderLowBandStep(blender, frame.Width, photo, blended);
        var wrongStep = BorderLowBandStep(wrong, frame.Width, photo, misplaced);
        Assert.True(step < 4, $"blend and photo differ by {step:F2} levels along the mask border");
        Assert.True(wrongStep > 2 * step, $"a crop turned the wrong way should leave a seam: {wrongStep:F2} vs {step:F2}");
    }

    internal static Image<Rgb24> TiltedAstronautFrame(float degrees)
    {
        using var photo = PhotoLoader.Load(PipelineFixture.Astronaut);
        photo.Mutate(c => c.Rotate(degrees));
        return PhotoLoader.FitToFrame(photo, 512, 512);
    }

    private Image<Rgb24> TiltedAstronaut(float degrees) => TiltedAstronautFrame(degrees);

    private FoundFace Find(Image<Rgb24> frame) =>
        new FaceFinder(fx.Options, () => fx.Faces, () => fx.Mesh).Find(frame, null, frame.Size());

    private static (MouthBlender, float[] Reference) Blender(Image<Rgb24> frame, FoundFace face, FaceLandmarks? mesh, bool keepDetail = true)
    {
        var crop = UprightCrop.For(face.Box, face.Landmarks, 0, 10, 0, 0);
        var reference = Wav2LipAnimator.BuildFaceInput(frame, crop, S)[(3 * S * S)..];
        return (new MouthBlender(crop, frame.Size(), S, mesh, reference) { KeepPhotoDetail = keepDetail }, reference);
    }

    private static (float Across, float Down) MaskCentroid(MouthBlender blender, PointF origin, float roll)
    {
        double sum = 0, sx = 0, sy = 0;
        var b = blender.Bounds;
        for (var y = b.Top; y < b.Bottom; y++)
            for (var x = b.Left; x < b.Right; x++)
            {
                var m = blender.MaskAt(x, y);
                (sum, sx, sy) = (sum + m, sx + m * (x + 0.5), sy + m * (y + 0.5));
            }
        float dx = (float)(sx / sum) - origin.X, dy = (float)(sy / sum) - origin.Y;
        var (cos, sin) = (MathF.Cos(roll), MathF.Sin(roll));
        return (dx * cos + dy * sin, -dx * sin + dy * cos);
    }

    /// <summary>Mean squared luma gradient over the mask's feathered border (0.05 &lt; m &lt; 0.95), of the photo and of the blend.</summary>
    internal static (double Photo, double Blend) BorderGradientEnergy(MouthBlender blender, int width, byte[] photo, byte[] blend)
    {
        double p = 0, q = 0;
        var n = 0;
        var b = blender.Bounds;
        for (var y = b.Top + 1; y < b.Bottom - 1; y++)
            for (var x = b.Left + 1; x < b.Right - 1; x++)
            {
                var m = blender.MaskAt(x, y);
                if (m <= 0.05f || m >= 0.95f) continue;
                p += GradientSquared(photo, width, x, y);
                q += GradientSquared(blend, width, x, y);
                n++;
            }
        return (p / n, q / n);
    }

    /// <summary>Mean |5x5 mean of the blend − 5x5 mean of the photo| (luma) over the mask's feathered border.</summary>
    internal static double BorderLowBandStep(MouthBlender blender, int width, byte[] photo, byte[] blend)
    {
        double sum = 0;
        var n = 0;
        var b = blender.Bounds;
        for (var y = b.Top + 2; y < b.Bottom - 2; y++)
            for (var x = b.Left + 2; x < b.Right - 2; x++)
            {
                var m = blender.MaskAt(x, y);
                if (m <= 0.05f || m >= 0.95f) continue;
                sum += Math.Abs(BoxMean(blend, width, x, y) - BoxMean(photo, width, x, y));
                n++;
            }
        return sum / n;
    }

    private static double BoxMean(byte[] rgb, int width, int x, int y)
    {
        double sum = 0;
        for (var dy = -2; dy <= 2; dy++)
            for (var dx = -2; dx <= 2; dx++)
                sum += Luma(rgb, width, x + dx, y + dy);
        return sum / 25;
    }

    private static double Luma(byte[] rgb, int width, int x, int y)
    {
        var i = (y * width + x) * 3;
        return 0.299 * rgb[i] + 0.587 * rgb[i + 1] + 0.114 * rgb[i + 2];
    }

    private static double GradientSquared(byte[] rgb, int width, int x, int y)
    {
        double gx = (Luma(rgb, width, x + 1, y) - Luma(rgb, width, x - 1, y)) / 2;
        double gy = (Luma(rgb, width, x, y + 1) - Luma(rgb, width, x, y - 1)) / 2;
        return gx * gx + gy * gy;
    }

    private static PointF Mid(PointF a, PointF b) => new((a.X + b.X) / 2, (a.Y + b.Y) / 2);
    private static float Distance(PointF a, PointF b) => MathF.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}
