using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Vision;

namespace VoiceMirror.Tests.Engine.Vision;

public sealed class FrontDetectorFixture : IDisposable
{
    public BlazeFaceDetector Detector { get; } = new(VisionData.Model(VisionData.FrontModel));
    public void Dispose() => Detector.Dispose();
}

public class BlazeFaceDetectorTests(FrontDetectorFixture fixture) : IClassFixture<FrontDetectorFixture>
{
    private BlazeFaceDetector Detector => fixture.Detector;

    [Theory]
    [InlineData(VisionData.FrontModel)]
    [InlineData(VisionData.BackModel)]
    public void AstronautHasExactlyOneFaceCoveringHerFace(string model)
    {
        using var detector = new BlazeFaceDetector(VisionData.Model(model));
        using var image = VisionData.LoadImage("astronaut.png");

        var face = Assert.Single(detector.Detect(image));

        // Checked visually: her face (brows to chin) spans about x 178-272, y 82-176.
        Assert.InRange(face.X + face.Width / 2, 205, 245);
        Assert.InRange(face.Y + face.Height / 2, 110, 150);
        Assert.InRange(face.Width, 75, 130);
        Assert.InRange(face.Height, 75, 130);
        Assert.InRange(face.Score, 0.75f, 1f);
    }

    [Fact]
    public void AstronautKeypointsMarkHerEyesNoseAndMouthInOrder()
    {
        using var image = VisionData.LoadImage("astronaut.png");

        var k = Assert.Single(Detector.Detect(image)).Keypoints;

        Assert.NotNull(k);
        // Checked visually (artifacts of the face mesh tests): her eyes are at (204,102) and (247,105), her mouth at (223,146).
        Assert.InRange(k.RightEye.X, 190, 218);  // the subject's right eye is on the image's left
        Assert.InRange(k.LeftEye.X, 233, 261);
        Assert.InRange(k.RightEye.Y, 90, 115);
        Assert.InRange(k.LeftEye.Y, 90, 115);
        Assert.InRange(k.NoseTip.Y, k.RightEye.Y, k.Mouth.Y);
        Assert.InRange(k.Mouth.Y, 132, 160);
        // Her head leans a little to her left: the mesh's eye corners give 3 degrees, BlazeFace's coarser eyes 9.
        Assert.InRange(k.Roll * 180 / MathF.PI, 0, 15);
    }

    [Fact]
    public void FrontModelInputIs128()
    {
        Assert.Equal(128, Detector.InputSize);
    }

    [Theory]
    [InlineData("chelsea.png")]
    [InlineData("coffee.png")]
    public void PhotosWithoutHumanFacesHaveNoFace(string name)
    {
        using var image = VisionData.LoadImage(name);
        Assert.Empty(Detector.Detect(image));
    }

    [Fact]
    public void DetectSingleOnCatThrowsNoFace()
    {
        using var image = VisionData.LoadImage("chelsea.png");
        var e = Assert.Throws<EngineException>(() => Detector.DetectSingle(image, 48));
        Assert.Equal(EngineError.NoFace, e.Error);
    }

    [Fact]
    public void DetectSingleOnAstronautReturnsHerFace()
    {
        using var image = VisionData.LoadImage("astronaut.png");
        var face = Detector.DetectSingle(image, 48);
        Assert.InRange(face.Width, 75, 130);
    }

    [Fact]
    public void SmallFaceInBigCanvasIsFoundByFinerTilesButRefusedAsTooSmall()
    {
        using var astronaut = VisionData.LoadImage("astronaut.png");
        using var small = astronaut.Clone(x => x.Resize(128, 128));
        using var canvas = new Image<Rgb24>(1024, 1024, new Rgb24(200, 200, 200));
        canvas.Mutate(x => x.DrawImage(small, new Point(448, 448), 1f));

        var face = Assert.Single(Detector.Detect(canvas));
        // The face sits at about (448 + 0.44*128, 448 + 0.25*128) and is about 24 pixels wide.
        Assert.InRange(face.X + face.Width / 2, 490, 520);
        Assert.InRange(face.Y + face.Height / 2, 465, 495);

        var e = Assert.Throws<EngineException>(() => Detector.DetectSingle(canvas, 48));
        Assert.Equal(EngineError.FaceTooSmall, e.Error);
    }

    [Fact]
    public void TwoAstronautsSideBySideThrowMultipleFaces()
    {
        using var astronaut = VisionData.LoadImage("astronaut.png");
        using var pair = new Image<Rgb24>(1024, 512);
        pair.Mutate(x => x.DrawImage(astronaut, new Point(0, 0), 1f).DrawImage(astronaut, new Point(512, 0), 1f));

        var faces = Detector.Detect(pair);
        Assert.Equal(2, faces.Count);
        Assert.Contains(faces, f => f.X < 512);
        Assert.Contains(faces, f => f.X > 512);

        var e = Assert.Throws<EngineException>(() => Detector.DetectSingle(pair, 48));
        Assert.Equal(EngineError.MultipleFaces, e.Error);
    }

    [Fact]
    public void ConcurrentDetectionsAgree()
    {
        using var image = VisionData.LoadImage("astronaut.png");
        var expected = Detector.Detect(image)[0];
        var results = new FaceBox[8];
        Parallel.For(0, results.Length, i => results[i] = Detector.Detect(image)[0]);
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void ModelWithoutBlazeFaceOutputsIsUnsupported()
    {
        var e = Assert.Throws<EngineException>(() => new BlazeFaceDetector(VisionData.Model("wav2lip_test_96.onnx")));
        Assert.Equal(EngineError.ModelUnsupported, e.Error);
    }

    [Fact]
    public void MissingModelFileIsModelMissing()
    {
        var e = Assert.Throws<EngineException>(() => new BlazeFaceDetector(Path.Combine(Path.GetTempPath(), "no_such_detector.onnx")));
        Assert.Equal(EngineError.ModelMissing, e.Error);
    }
}
