using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using VoiceMirror.Engine.Animators.Wav2Lip;
using VoiceMirror.Engine.Audio;
using VoiceMirror.Engine.Vision;
using VoiceMirror.Engine.Vision.FaceMesh;
using VoiceMirror.Tests.Engine.Pipeline;
using Xunit.Abstractions;

namespace VoiceMirror.Tests.Engine.Animators.Wav2Lip;

/// <summary>
/// Sharpness (variance of the Laplacian of luma) of the mouth region: the photo, and frames blended from the model's
/// low band alone ("before", how the mouth was pasted until now) and with the photo's detail band ("after"). Two
/// "models": the full-size stand-in (random weights: it redraws everything, so the method should keep its output as
/// is) and an unchanged face (the model's own reference input: what a model that keeps the picture returns).
/// Writes zoomed PNGs to artifacts/ for a look.
/// </summary>
[Trait("Category", "FullModel")]
public sealed class MouthSharpnessTests(StandInFixture standIn, PipelineFixture fx, ITestOutputHelper output)
    : IClassFixture<StandInFixture>, IClassFixture<PipelineFixture>
{
    private const int S = 96, Frames = 8;

    [FullModelFact]
    public async Task DetailBandBringsAnUnchangedMouthBackToThePhotosSharpness()
    {
        var mel = MelSpectrogram.Compute(await new AudioDecoder(fx.Options).DecodeAsync(PipelineFixture.Speech, CancellationToken.None));
        foreach (var degrees in new[] { 0f, 20f })
        {
            using var frame = TiltedFaceTests.TiltedAstronautFrame(degrees);
            var face = new FaceFinder(fx.Options, () => fx.Faces, () => fx.Mesh).Find(frame, null, frame.Size());
            var crop = UprightCrop.For(face.Box, face.Landmarks, 0, 10, 0, 0);
            var input = Wav2LipAnimator.BuildFaceInput(frame, crop, S);
            var reference = input[(3 * S * S)..];
            var after = new MouthBlender(crop, frame.Size(), S, face.Landmarks, reference);
            var before = new MouthBlender(crop, frame.Size(), S, face.Landmarks, reference) { KeepPhotoDetail = false };
            var mouth = MouthRegion(face.Landmarks!);
            var photo = Pixels(frame);
            var photoSharpness = VarianceOfLaplacian(photo, frame.Width, mouth);

            var generated = new float[Frames * 3 * S * S];
            var mels = new float[Frames * 80 * 16];
            var faces = new float[Frames * input.Length];
            for (var i = 0; i < Frames; i++)
            {
                MelWindows.CopyWindow(mel, 20 + 3 * i, 25, mels.AsSpan(i * 80 * 16, 80 * 16));
                input.CopyTo(faces, i * input.Length);
            }
            standIn.Model.Run(mels, faces, Frames, generated);

            var (randomBefore, randomAfter) = (0.0, 0.0);
            for (var i = 0; i < Frames; i++)
            {
                var g = generated.AsSpan(i * 3 * S * S, 3 * S * S);
                randomBefore += Sharpness(before, frame, g, mouth) / Frames;
                randomAfter += Sharpness(after, frame, g, mouth) / Frames;
            }
            var keptBefore = Sharpness(before, frame, reference, mouth);
            var keptAfter = Sharpness(after, frame, reference, mouth);
            output.WriteLine($"astronaut turned {degrees}°, mouth region {mouth.Width}x{mouth.Height} px: photo {photoSharpness:F1}; " +
                $"stand-in before {randomBefore:F1} after {randomAfter:F1}; unchanged face before {keptBefore:F1} after {keptAfter:F1}");
            SaveLook($"sharpness_{degrees}", frame, mouth, (before, generated[..(3 * S * S)]), (after, generated[..(3 * S * S)]),
                (before, reference), (after, reference));

            Assert.True(keptAfter > 0.95 * photoSharpness, $"with the detail band {keptAfter:F1} vs photo {photoSharpness:F1}");
            Assert.True(keptBefore < 0.6 * photoSharpness, $"the low band alone should be blurrier: {keptBefore:F1} vs photo {photoSharpness:F1}");
        }
    }

    private static double Sharpness(MouthBlender blender, Image<Rgb24> frame, ReadOnlySpan<float> generated, Rectangle region)
    {
        var dest = new byte[frame.Width * frame.Height * 3];
        blender.Blend(frame, generated, dest);
        return VarianceOfLaplacian(dest, frame.Width, region);
    }

    /// <summary>The outer lips' bounding box, grown by a quarter of the mouth's width on every side.</summary>
    private static Rectangle MouthRegion(FaceLandmarks mesh)
    {
        var lips = MouthMask.OuterLips.Select(i => mesh[i]).ToList();
        float x0 = lips.Min(p => p.X), x1 = lips.Max(p => p.X), y0 = lips.Min(p => p.Y), y1 = lips.Max(p => p.Y);
        var grow = (x1 - x0) / 4;
        return Rectangle.FromLTRB((int)(x0 - grow), (int)(y0 - grow), (int)(x1 + grow), (int)(y1 + grow));
    }

    /// <summary>Variance of the 4-neighbour Laplacian of luma over <paramref name="region"/> (the usual focus measure).</summary>
    internal static double VarianceOfLaplacian(byte[] rgb, int width, Rectangle region)
    {
        double Luma(int x, int y) { var i = (y * width + x) * 3; return 0.299 * rgb[i] + 0.587 * rgb[i + 1] + 0.114 * rgb[i + 2]; }
        var values = new List<double>();
        for (var y = region.Top; y < region.Bottom; y++)
            for (var x = region.Left; x < region.Right; x++)
                values.Add(Luma(x - 1, y) + Luma(x + 1, y) + Luma(x, y - 1) + Luma(x, y + 1) - 4 * Luma(x, y));
        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / values.Count;
    }

    private static byte[] Pixels(Image<Rgb24> image)
    {
        var bytes = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(bytes);
        return bytes;
    }

    /// <summary>Photo, then each blend, side by side, around the mouth, 4x nearest-neighbour.</summary>
    private static void SaveLook(string name, Image<Rgb24> frame, Rectangle mouth, params (MouthBlender Blender, float[] Generated)[] blends)
    {
        var area = Rectangle.Inflate(mouth, mouth.Width / 2, mouth.Height);
        area.Intersect(new Rectangle(0, 0, frame.Width, frame.Height));
        using var sheet = new Image<Rgb24>(area.Width * (blends.Length + 1), area.Height);
        sheet.Mutate(c => c.DrawImage(frame.Clone(f => f.Crop(area)), new Point(0, 0), 1f));
        for (var i = 0; i < blends.Length; i++)
        {
            var dest = new byte[frame.Width * frame.Height * 3];
            blends[i].Blender.Blend(frame, blends[i].Generated, dest);
            using var blended = Image.LoadPixelData<Rgb24>(dest, frame.Width, frame.Height);
            blended.Mutate(c => c.Crop(area));
            sheet.Mutate(c => c.DrawImage(blended, new Point(area.Width * (i + 1), 0), 1f));
        }
        sheet.Mutate(c => c.Resize(sheet.Width * 4, sheet.Height * 4, KnownResamplers.NearestNeighbor));
        var dir = Path.Combine(Models.InstallScript.RepoRoot, "artifacts");
        Directory.CreateDirectory(dir);
        sheet.SaveAsPng(Path.Combine(dir, name + ".png"));
    }
}
