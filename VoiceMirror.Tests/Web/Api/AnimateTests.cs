using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceMirror.Web.Data;

namespace VoiceMirror.Tests.Web.Api;

[Collection(WebCollection.Name)]
public sealed class AnimateTests(VoiceMirrorAppFactory app) : IClassFixture<VoiceMirrorAppFactory>
{
    private HttpClient Client(string? language = null)
    {
        var client = app.CreateClient();
        if (language is not null) client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return client;
    }

    [Fact]
    public async Task AnimateReturnsProcessingWithReadySpeechAndStatusHasContractFields()
    {
        var avatarId = await TestUploads.UploadAsync(Client());
        using var response = await Client().PostAsJsonAsync("/avatar/animate", new { avatarId, text = "Привет! Меня зовут Виктор." });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["id", "avatarId", "audioUrl", "videoUrl", "text", "status", "createdAt"],
            body.EnumerateObject().Select(p => p.Name).Take(7));
        Assert.Equal(avatarId, body.GetProperty("avatarId").GetInt32());
        Assert.Equal("processing", body.GetProperty("status").GetString());
        Assert.Equal("", body.GetProperty("videoUrl").GetString());
        Assert.Equal("Привет! Меня зовут Виктор.", body.GetProperty("text").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", body.GetProperty("createdAt").GetString());
        var audioUrl = body.GetProperty("audioUrl").GetString()!;
        Assert.Matches(@"^http://localhost/uploads/speech-[0-9a-f]{16}\.mp3$", audioUrl);
        var mp3 = await Client().GetByteArrayAsync(audioUrl);
        Assert.True(mp3.Length > 1000 && (mp3[..3].SequenceEqual("ID3"u8.ToArray()) || mp3[0] == 0xFF));

        var id = body.GetProperty("id").GetInt32();
        var status = JsonDocument.Parse(await Client().GetStringAsync($"/avatar/animations/{id}/status")).RootElement;
        Assert.Equal(["id", "avatarId", "audioUrl", "videoUrl", "text", "status", "createdAt"],
            status.EnumerateObject().Select(p => p.Name).Take(7));
        Assert.Contains(status.GetProperty("status").GetString(), new[] { "processing", "completed" });

        var history = JsonDocument.Parse(await Client().GetStringAsync($"/avatar/{avatarId}/animations")).RootElement;
        Assert.Equal(id, history.EnumerateArray().Single().GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task IdenticalAnimateRequestsReuseOneAnimation()
    {
        var avatarId = await TestUploads.UploadAsync(Client());
        var request = new { avatarId, text = "Одинаковый запрос.", voiceId = "espeak-ru" };
        using var first = await Client().PostAsJsonAsync("/avatar/animate", request);
        var filesAfterFirst = app.UploadedFiles();
        using var second = await Client().PostAsJsonAsync("/avatar/animate", request);

        var a = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        var b = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(a.GetProperty("id").GetInt32(), b.GetProperty("id").GetInt32());
        Assert.Equal(a.GetProperty("audioUrl").GetString(), b.GetProperty("audioUrl").GetString());
        Assert.Equal(1, app.WithDb(db => db.Animations.Count(x => x.AvatarId == avatarId)));
        Assert.DoesNotContain(app.UploadedFiles().Except(filesAfterFirst), f => f.StartsWith("speech-"));
    }

    public static TheoryData<string> Languages => new() { "ru", "en" };

    [Theory, MemberData(nameof(Languages))]
    public Task AnimatingUnknownAvatarIsNotFound(string language) =>
        AssertRefusedAsync(new { avatarId = 999999, text = "Текст" }, language, HttpStatusCode.NotFound, "AvatarNotFound", 999999);

    [Theory, MemberData(nameof(Languages))]
    public async Task AnimatingEmptyTextIsRefused(string language) =>
        await AssertRefusedAsync(new { avatarId = await AvatarAsync(), text = "  " }, language, HttpStatusCode.BadRequest, "TextRequired");

    [Theory, MemberData(nameof(Languages))]
    public async Task AnimatingTextWithNothingToPronounceIsRefusedBeforeAnySpeechIsMade(string language) =>
        // AssertRefusedAsync also checks that no row and no speech file appeared.
        await AssertRefusedAsync(new { avatarId = await AvatarAsync(), text = "... !? —" }, language, HttpStatusCode.BadRequest, "NothingToPronounce");

    [Theory, MemberData(nameof(Languages))]
    public async Task AnimatingTextLongerThanTheLimitIsRefused(string language) =>
        await AssertRefusedAsync(new { avatarId = await AvatarAsync(), text = new string('а', 1001) }, language,
            HttpStatusCode.BadRequest, "TextTooLongLimit", 1000);

    [Theory, MemberData(nameof(Languages))]
    public async Task AnimatingWithUnknownVoiceIsRefusedNamingTheVoice(string language)
    {
        var problem = await AssertRefusedAsync(new { avatarId = await AvatarAsync(), text = "Текст", voiceId = "voice_id_123456" },
            language, HttpStatusCode.BadRequest, "UnknownVoiceId", "voice_id_123456");
        Assert.Contains("voice_id_123456", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task StatusOfUnknownAnimationIsNotFound() =>
        await ProblemAssert.IsProblemAsync(await Client("en").GetAsync("/avatar/animations/424242/status"),
            HttpStatusCode.NotFound, "AnimationNotFound", "en", null, 424242);

    private int? _avatarId;
    private async Task<int> AvatarAsync() => _avatarId ??= await TestUploads.UploadAsync(Client());

    private async Task<JsonElement> AssertRefusedAsync(object request, string language, HttpStatusCode status, string code, params object?[] args)
    {
        // Renders queued by earlier tests of this class still land their videos in uploads; let them finish so that
        // any file that appears below can only come from the refused request.
        await WaitForRendersAsync();
        var rows = app.WithDb(db => db.Animations.Count());
        var files = app.UploadedFiles();
        using var response = await Client(language).PostAsJsonAsync("/avatar/animate", request);
        var problem = await ProblemAssert.IsProblemAsync(response, status, code, language, null, args);
        Assert.Equal(rows, app.WithDb(db => db.Animations.Count()));
        Assert.Equal(files, app.UploadedFiles());
        return problem;
    }

    // A row leaves "processing" only after its video is in place (or the render failed), so none is written after this.
    private async Task WaitForRendersAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (app.WithDb(db => db.Animations.Any(a => a.Status == AnimationStatus.Processing)))
        {
            Assert.True(DateTime.UtcNow < deadline, "Renders of earlier tests did not finish within 2 minutes.");
            await Task.Delay(100);
        }
    }
}
