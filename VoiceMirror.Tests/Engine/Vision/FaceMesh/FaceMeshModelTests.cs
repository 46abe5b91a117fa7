using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Vision;
using VoiceMirror.Engine.Vision.FaceMesh;
using Xunit.Abstractions;
using static VoiceMirror.Tests.Engine.Vision.FaceMesh.MeshGeometry;

namespace VoiceMirror.Tests.Engine.Vision.FaceMesh;

public class FaceMeshModelTests(FaceMeshFixture fixture, ITestOutputHelper output) : IClassFixture<FaceMeshFixture>
{
    private FaceMeshModel Mesh => fixture.Mesh;

    [Fact]
    public void OnnxOutputEqualsTheTfliteReferenceForTheFixedCrop()
    {
        // Written by tools/convert_face_mesh.py --verify: OpenCV's TFLite importer on the original model.
        var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "facemesh", "face_mesh_reference.json"))).RootElement;
        using var crop = Image.Load<Rgb24>(Path.Combine(AppContext.BaseDirectory, "TestData", "facemesh", "face_mesh_reference.png"));
        var pixels = new Rgb24[FaceMeshModel.InputSize * FaceMeshModel.InputSize];
        crop.CopyPixelDataTo(pixels);
        var input = pixels.SelectMany(p => new[] { p.R / 255f, p.G / 255f, p.B / 255f }).ToArray();

        var (landmarks, logit) = Mesh.Run(input);

        var expected = reference.GetProperty("landmarks").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var diff = expected.Zip(landmarks, (a, b) => MathF.Abs(a - b)).Append(MathF.Abs(reference.GetProperty("presenceLogit").GetSingle() - logit)).Max();
        output.WriteLine($"max |C# ORT - TFLite reference| = {diff:G3}");
        // Two engines summing ~30 convolutions in different orders differ by ~1e-4 px on values up to 150 px.
        Assert.InRange(diff, 0, 5e-4f);
    }

    [Fact]
    public void AstronautLandmarksSitOnHerFace()
    {
        using var image = VisionData.LoadImage("astronaut.png");
        var face = fixture.Detector.DetectSingle(image, 48);

        var l = Mesh.Detect(image, face, out var presence);
        output.WriteLine(l.ToJson());

        Assert.InRange(presence, 0.9f, 1f);
        var eyesY = Mean(l, 159, 145, 386, 374).Y;
        Assert.InRange(l[UpperInnerLip].Y, eyesY, l[Chin].Y);
        Assert.InRange(l[LowerInnerLip].Y, l[UpperInnerLip].Y - 1, l[Chin].Y);
        // The mesh's eye centres (between the corners) are where BlazeFace put the eyes, within a tenth of the face.
        var keypoints = face.Keypoints!;
        Assert.InRange(Distance(Mean(l, 33, 133), keypoints.RightEye), 0, face.Width / 10f);
        Assert.InRange(Distance(Mean(l, 263, 362), keypoints.LeftEye), 0, face.Width / 10f);
        var margin = face.Width / 4f;
        for (var i = 0; i < FaceLandmarks.Count; i++)
        {
            Assert.InRange(l[i].X, face.X - margin, face.X + face.Width + margin);
            Assert.InRange(l[i].Y, face.Y - margin, face.Y + face.Height + margin);
        }
    }

    [Fact]
    public void LandmarksOfAPhotoTurnedBy20DegreesAreTheUprightLandmarksTurned()
    {
        using var upright = VisionData.LoadImage("astronaut.png");
        using var turned = Rotate(upright, 20);
        var expected = Mesh.Detect(upright, fixture.Detector.DetectSingle(upright, 48));
        var face = fixture.Detector.DetectSingle(turned, 48);

        var actual = Mesh.Detect(turned, face);

        var height = FaceHeight(expected);
        var errors = Enumerable.Range(0, FaceLandmarks.Count)
            .Select(i => Distance(actual[i], RotatePoint(expected[i], 20, upright.Width, upright.Height)) / height).ToArray();
        var onePass = Mesh.Detect(turned, FaceRegion.FromDetection(face), out _);
        var onePassMean = Enumerable.Range(0, FaceLandmarks.Count)
            .Average(i => Distance(onePass[i], RotatePoint(expected[i], 20, upright.Width, upright.Height)) / height);
        output.WriteLine($"BlazeFace roll {face.Keypoints!.Roll * 180 / MathF.PI:F1} deg; error / face height: mean {errors.Average():P2}, " +
                         $"max {errors.Max():P2} (one pass: mean {onePassMean:P2})");

        Assert.InRange(face.Keypoints.Roll * 180 / MathF.PI, 10, 30);
        Assert.InRange(errors.Average(), 0, 0.02);
        Assert.InRange(errors.Max(), 0, 0.05);
    }

    [Fact]
    public void LandmarksMappedIntoTheFrameMatchLandmarksFoundInTheFrame()
    {
        // A non-square photo, so the fit both scales and pads.
        using var photo = VisionData.LoadImage("astronaut.png").Clone(x => x.Crop(new Rectangle(40, 0, 400, 330)));
        using var frame = PhotoLoader.FitToFrame(photo, 256, 256);
        var onPhoto = Mesh.Detect(photo, fixture.Detector.DetectSingle(photo, 48));

        var mapped = PhotoLoader.FitToFrame(onPhoto, photo.Width, photo.Height, frame.Width, frame.Height);

        var inFrame = Mesh.Detect(frame, fixture.Detector.DetectSingle(frame, 24));
        var mean = Enumerable.Range(0, FaceLandmarks.Count).Average(i => Distance(mapped[i], inFrame[i])) / FaceHeight(inFrame);
        output.WriteLine($"mean distance / face height: {mean:P2}");
        Assert.InRange(mean, 0, 0.02);
    }

    [Fact]
    public void AModelWithoutTheMeshOutputsIsRefusedWithModelUnsupported()
    {
        var e = Assert.Throws<EngineException>(() => new FaceMeshModel(VisionData.Model(VisionData.FrontModel)));

        Assert.Equal(EngineError.ModelUnsupported, e.Error);
        Assert.Contains("not a supported face mesh model", e.Message);
    }

    [Fact]
    public void AMissingModelFileIsModelMissing()
    {
        var e = Assert.Throws<EngineException>(() => new FaceMeshModel("/nonexistent/face_landmark.onnx"));

        Assert.Equal(EngineError.ModelMissing, e.Error);
    }
}
