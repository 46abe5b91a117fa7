using System.Net;
using Microsoft.Extensions.DependencyInjection;
using VoiceMirror.Engine.Vision;
using VoiceMirror.Tests.Engine.Vision;

namespace VoiceMirror.Tests.Web.Api;

/// Photo decodes are capped: an upload that finds every slot busy for longer than the queue wait is told to come back.
[Collection(WebCollection.Name)]
public sealed class UploadQueueTests : IDisposable
{
    private readonly VoiceMirrorAppFactory _app = new();

    [Fact]
    public async Task UploadWhileEveryDecodeSlotIsBusyIsRefusedWith503AndRetryAfter()
    {
        _app.Settings["VoiceMirror:Engine:PhotoDecodeSlots"] = "1";
        _app.Settings["VoiceMirror:Engine:PhotoQueueWaitSeconds"] = "0";
        var client = _app.CreateClient();
        using var gate = new GatedStream(GatedStream.NoiseJpeg());
        var holder = Task.Run(() => _app.Services.GetRequiredService<PhotoAdmission>().DecodeAsync(gate, CancellationToken.None));
        Assert.True(gate.Blocked.Wait(TimeSpan.FromSeconds(30)), "the holding decode never reached the pixels");

        using var response = await client.PostAsync("/avatar/upload", TestUploads.Form(TestUploads.Image("astronaut.png"), "Очередь"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "PhotoQueueFull", "ru", null, 1);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        gate.Open.Set();
        (await holder).Dispose();
        using var after = await client.PostAsync("/avatar/upload", TestUploads.Form(TestUploads.Image("astronaut.png"), "После"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task PhotoOverThePixelBudgetIsRefusedFromItsHeaderNamingTheBudget()
    {
        var client = _app.CreateClient();
        using var response = await client.PostAsync("/avatar/upload", TestUploads.Form(TestUploads.DecompressionBomb(7000, 7000), "Бомба"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "ImageTooManyPixels", "ru", null, 7000, 7000, 40);
    }

    public void Dispose() => _app.Dispose();
}
