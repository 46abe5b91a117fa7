using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceMirror.Web.Data;

namespace VoiceMirror.Tests.Web.Api;

/// A fresh install: the built-in engine's model ships with VoiceMirror, Wav2Lip's does not.
public sealed class BuiltInOnlyApp : VoiceMirrorAppFactory
{
    public BuiltInOnlyApp() => Settings["VoiceMirror:Engine:Wav2LipModel"] = "not_installed_wav2lip.onnx";
}

[Collection(WebCollection.Name)]
public sealed class EngineChoiceTests(BuiltInOnlyApp app) : IClassFixture<BuiltInOnlyApp>
{
    [Fact]
    public async Task EnginesListTheBuiltInOneAvailableAndWav2LipUnavailableWithWhy()
    {
        var engines = await app.CreateClient().GetFromJsonAsync<JsonElement>("/engines");
        var mirror = engines.EnumerateArray().Single(e => e.GetProperty("id").GetString() == "mirror");
        Assert.True(mirror.GetProperty("available").GetBoolean());
        Assert.Contains("Apache-2.0", mirror.GetProperty("licence").GetString());
        Assert.Equal(JsonValueKind.Null, mirror.GetProperty("reason").ValueKind);
        var wav2lip = engines.EnumerateArray().Single(e => e.GetProperty("id").GetString() == "wav2lip");
        Assert.False(wav2lip.GetProperty("available").GetBoolean());
        Assert.Contains("non-commercial", wav2lip.GetProperty("licence").GetString());
        Assert.Contains("not_installed_wav2lip.onnx", wav2lip.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task HealthIsHealthyWithOnlyTheBuiltInEngineAndNamesWhatIsNotInstalled()
    {
        using var response = await app.CreateClient().GetAsync("/health");
        var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        var models = health.GetProperty("checks").GetProperty("models");
        Assert.Equal("Healthy", models.GetProperty("status").GetString());
        Assert.Contains("not installed", models.GetRawText());
        Assert.Contains("mirror", models.GetRawText());
    }

    [Fact]
    public async Task WithoutAnEngineFieldTheBuiltInEngineRendersAVideoWhoseMouthMoves()
    {
        using var client = app.CreateClient();
        var avatarId = await TestUploads.UploadAsync(client);
        using var response = await client.PostAsJsonAsync("/avatar/animate",
            new { avatarId, text = "Мама мыла раму, а папа пел песню.", liveliness = false });
        var started = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("mirror", started.GetProperty("engine").GetString());
        Assert.False(started.GetProperty("liveliness").GetBoolean());
        var id = started.GetProperty("id").GetInt32();

        var status = await WaitForEndAsync(client, id);
        Assert.True(status.GetProperty("status").GetString() == "completed", status.GetRawText());
        Assert.Equal("mirror", status.GetProperty("engine").GetString());
        var row = app.WithDb(db => db.Animations.Single(a => a.Id == id));
        Assert.Equal(("mirror", "CPU"), (row.Engine, row.ExecutionProvider));
        Assert.NotNull(app.WithDb(db => db.Avatars.Single(a => a.Id == avatarId).Landmarks)); // found once at upload

        var video = Path.Combine(app.UploadsPath, row.VideoFile!);
        var frames = await MediaProbe.DecodeAllFramesRgbAsync(video, 512, 512);
        // The mouth region changes over the video; the photo's top rows (forehead, background) do not move.
        var mouthChanges = frames.Skip(1).Count(f => RegionDiffers(frames[0], f, 190, 150, 70, 40));
        Assert.True(mouthChanges > frames.Count / 4, $"{mouthChanges} of {frames.Count} frames changed at the mouth");
        // Those rows go into the encoder byte-identical in every frame; x264 codes the key frame and the later ones at
        // different quantisers, up to 7 levels apart here. Any head motion moves the edges there by far more.
        Assert.All(frames, f => Assert.False(RegionDiffers(frames[0], f, 0, 0, 512, 40, tolerance: 10)));
    }

    [Theory]
    [InlineData("wav2lip", "EngineNotInstalled", "ru")]
    [InlineData("wav2lip", "EngineNotInstalled", "en")]
    [InlineData("lipsync9000", "UnknownEngineId", "en")]
    public async Task AnEngineThatIsMissingOrUnknownIsRefusedBeforeAnythingIsMade(string engine, string code, string language)
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        var avatarId = await TestUploads.UploadAsync(client);
        var before = app.UploadedFiles().Count();
        using var response = await client.PostAsJsonAsync("/avatar/animate", new { avatarId, text = "Привет!", engine });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, code, language, code, engine);
        Assert.Equal(before, app.UploadedFiles().Count());
    }

    private static async Task<JsonElement> WaitForEndAsync(HttpClient client, int id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, $"animation {id} still processing after 3 minutes");
            var status = await client.GetFromJsonAsync<JsonElement>($"/avatar/animations/{id}/status");
            if (status.GetProperty("status").GetString() != AnimationStatus.Processing) return status;
            await Task.Delay(100);
        }
    }

    private static bool RegionDiffers(byte[] a, byte[] b, int x0, int y0, int w, int h, int tolerance = 12)
    {
        for (var y = y0; y < y0 + h; y++)
        for (var x = x0; x < x0 + w; x++)
        for (var c = 0; c < 3; c++)
        {
            var i = (y * 512 + x) * 3 + c;
            if (Math.Abs(a[i] - b[i]) > tolerance) return true;
        }
        return false;
    }
}
