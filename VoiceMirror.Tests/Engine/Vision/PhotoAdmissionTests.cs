using VoiceMirror.Engine;
using VoiceMirror.Engine.Vision;
using VoiceMirror.Tests.Web;

namespace VoiceMirror.Tests.Engine.Vision;

public sealed class PhotoAdmissionTests : IDisposable
{
    private readonly BlazeFaceDetector _faces = new(VisionData.Model(VisionData.FrontModel));

    private PhotoAdmission Admission(EngineOptions options) => new(options, () => _faces);

    [Fact]
    public async Task PhotoOverThePixelBudgetIsRefusedFromItsHeader()
    {
        // 7000x7000 passes the side limit (8192) but not 40 megapixels; the file is a header and 64 KB of zeros.
        var bomb = TestUploads.DecompressionBomb(7000, 7000);
        using var admission = Admission(new EngineOptions());
        var e = await Assert.ThrowsAsync<EngineException>(() => admission.AdmitAsync(new MemoryStream(bomb), CancellationToken.None));
        Assert.Equal(EngineError.ImageTooManyPixels, e.Error);
        Assert.Equal(new object[] { 7000, 7000, 40L }, e.Args);
    }

    [Fact]
    public async Task AdmittedPhotoIsDownscaledToTheWorkingSideWithTheFaceInItsPixels()
    {
        using var admission = Admission(new EngineOptions { PhotoWorkingSide = 384 });
        using var photo = await admission.AdmitAsync(File.OpenRead(VisionData.ImagePath("astronaut.png")), CancellationToken.None);
        Assert.Equal((384, 384), (photo.Image.Width, photo.Image.Height));
        Assert.InRange(photo.Face.X + photo.Face.Width, 1, 384);
        Assert.True(photo.Face.Width >= 48);
    }

    [Fact]
    public async Task UploadWaitingLongerThanTheQueueAllowsIsPhotoQueueFullWithRetryAfter()
    {
        using var admission = Admission(new EngineOptions { PhotoDecodeSlots = 1, PhotoQueueWaitSeconds = 0 });
        using var gate = new GatedStream(GatedStream.NoiseJpeg());
        var holder = Task.Run(() => admission.DecodeAsync(gate, CancellationToken.None));
        Assert.True(gate.Blocked.Wait(TimeSpan.FromSeconds(30)), "the first decode never reached the pixels");

        var e = await Assert.ThrowsAsync<EngineException>(() =>
            admission.AdmitAsync(File.OpenRead(VisionData.ImagePath("astronaut.png")), CancellationToken.None));
        Assert.Equal(EngineError.PhotoQueueFull, e.Error);
        Assert.Equal(new object[] { 1 }, e.Args);

        gate.Open.Set();
        using var first = await holder;
        using var next = await admission.AdmitAsync(File.OpenRead(VisionData.ImagePath("astronaut.png")), CancellationToken.None);
        Assert.Equal(512, next.Image.Width);
    }

    public void Dispose() => _faces.Dispose();
}
