using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceMirror.Tests.Engine.Speech;
using VoiceMirror.Web.Voices;

namespace VoiceMirror.Tests.Web.Api;

/// DELETE /voices/{id} and GET /voices/{id}/preview against the real app, ElevenLabs played by a stateful loopback fake.
[Collection(WebCollection.Name)]
public sealed class VoiceDeleteAndPreviewTests(CloudVoicesApp cloud) : IClassFixture<CloudVoicesApp>
{
    private FakeElevenLabsVoices Fake()
    {
        var fake = new FakeElevenLabsVoices(cloud.Audio.Mp3);
        cloud.Server.Respond = fake.RespondAsync;
        return fake;
    }

    private HttpClient Client(string language = "ru")
    {
        var client = cloud.App.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return client;
    }

    private async Task<string> CloneAsync(string name)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" }, { new StringContent("true"), "consent" },
            { new ByteArrayContent(await File.ReadAllBytesAsync(cloud.Audio.SpokenWavPath)), "samples", "me.wav" },
        };
        using var response = await Client().PostAsync("/voices/clone", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("voiceId").GetString()!;
    }

    private async Task<List<string>> ListedIdsAsync() =>
        JsonDocument.Parse(await Client().GetStringAsync("/voices")).RootElement.EnumerateArray().Select(v => v.GetProperty("id").GetString()!).ToList();

    private int Requests(string method, string path) => cloud.Server.Requests.Count(r => r.Method == method && r.Path == path);

    [Fact]
    public async Task DeletingAClonedVoiceDeletesItAtElevenLabsAndItIsNoLongerListed()
    {
        var fake = Fake();
        var id = await CloneAsync("Удаляемый");
        Assert.Contains(id, await ListedIdsAsync());

        using var response = await Client().DeleteAsync($"/voices/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var request = cloud.Server.Requests.Single(r => r.Method == "DELETE" && r.Path == $"/v1/voices/{id}");
        Assert.Equal(SpeechHost.ElevenLabsKey, request.Header("xi-api-key"));
        Assert.DoesNotContain(id, fake.Ids);
        Assert.DoesNotContain(id, await ListedIdsAsync());
    }

    [Fact]
    public async Task DeletingKeepsTheFilesOfAnAnimationMadeWithTheVoice()
    {
        Fake();
        var id = await CloneAsync("Для анимации");
        var avatarId = await TestUploads.UploadAsync(Client());
        using var animate = await Client().PostAsJsonAsync("/avatar/animate", new { avatarId, text = "Привет!", voiceId = id });
        var animation = JsonDocument.Parse(await animate.Content.ReadAsStringAsync()).RootElement;
        Assert.True(animate.IsSuccessStatusCode, animation.GetRawText());
        var audioUrl = animation.GetProperty("audioUrl").GetString()!;
        var before = await Client().GetByteArrayAsync(audioUrl);

        using var delete = await Client().DeleteAsync($"/voices/{id}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(before, await Client().GetByteArrayAsync(audioUrl));
        using var status = await Client().GetAsync($"/avatar/animations/{animation.GetProperty("id").GetInt32()}/status");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Theory, InlineData("ru"), InlineData("en")]
    public async Task DeletingAStockVoiceIsAConflictAndNothingIsDeleted(string language)
    {
        var fake = Fake();

        using var local = await Client(language).DeleteAsync("/voices/espeak-ru");
        using var premade = await Client(language).DeleteAsync($"/voices/{FakeElevenLabsVoices.StockId}");

        await ProblemAssert.IsProblemAsync(local, HttpStatusCode.Conflict, "VoiceNotDeletable", language, null, "Russian (male)");
        await ProblemAssert.IsProblemAsync(premade, HttpStatusCode.Conflict, "VoiceNotDeletable", language, null, "Rachel");
        Assert.DoesNotContain(cloud.Server.Requests, r => r.Method == "DELETE" && !r.Path.StartsWith("/v1/voices/cloned_"));
        Assert.Contains(FakeElevenLabsVoices.StockId, fake.Ids);
    }

    [Theory, InlineData("ru"), InlineData("en")]
    public async Task DeletingAnUnknownVoiceIsNotFound(string language)
    {
        Fake();
        using var response = await Client(language).DeleteAsync("/voices/no_such_voice");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "UnknownVoiceId", language, null, "no_such_voice");
    }

    [Fact]
    public async Task TwoPreviewsOfACloudVoiceCallTheProviderOnceAndServeTheSameAudio()
    {
        Fake();
        var id = await CloneAsync("Превью");
        var speechPath = $"/v1/text-to-speech/{id}";

        using var first = await Client().GetAsync($"/voices/{id}/preview?language=ru");
        using var second = await Client("en").GetAsync($"/voices/{id}/preview?language=ru");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("audio/mpeg", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(cloud.Audio.Mp3, await first.Content.ReadAsByteArrayAsync());
        Assert.Equal(cloud.Audio.Mp3, await second.Content.ReadAsByteArrayAsync());
        var spoken = Assert.Single(cloud.Server.Requests, r => r.Path == speechPath);
        Assert.Equal(VoicePreviewCache.SampleSentence("ru"), spoken.JsonBody().GetProperty("text").GetString());

        // Another language is another sentence: one more call, then cached as well.
        using var english = await Client().GetAsync($"/voices/{id}/preview?language=en");
        using var englishAgain = await Client().GetAsync($"/voices/{id}/preview?language=en");
        Assert.Equal(HttpStatusCode.OK, englishAgain.StatusCode);
        Assert.Equal(2, Requests("POST", speechPath));
        Assert.Equal(VoicePreviewCache.SampleSentence("en"), cloud.Server.Requests.Last(r => r.Path == speechPath).JsonBody().GetProperty("text").GetString());
    }

    [Fact]
    public async Task ThePreviewCacheLivesOnDiskUnderTheMediaStoreAndGoesWithTheVoice()
    {
        Fake();
        var id = await CloneAsync("Кэш");
        var folder = Path.Combine(cloud.App.UploadsPath, VoicePreviewCache.Folder);
        string[] Cached() => Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : [];
        var others = Cached();
        using (var preview = await Client().GetAsync($"/voices/{id}/preview"))
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var before = Cached().Except(others).ToArray();
        Assert.Single(before);
        Assert.EndsWith(".mp3", before[0]);

        using var delete = await Client().DeleteAsync($"/voices/{id}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.False(File.Exists(before[0]));
    }

    [Fact]
    public async Task PreviewOfALocalVoiceIsDecodableSpeechAndRangeRequestsWork()
    {
        Fake();
        using var response = await Client().GetAsync("/voices/espeak-en/preview");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("audio/wav", response.Content.Headers.ContentType?.MediaType);
        var wav = Path.Combine(cloud.Audio.NewOutputDirectory(), "preview.wav");
        await File.WriteAllBytesAsync(wav, await response.Content.ReadAsByteArrayAsync());
        Assert.InRange(await SpeechAudio.DecodedSecondsAsync(wav), 1.5, 10);

        // Browsers seek an <audio> with range requests.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/voices/espeak-en/preview") { Headers = { Range = new RangeHeaderValue(0, 99) } };
        using var partial = await Client().SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(100, (await partial.Content.ReadAsByteArrayAsync()).Length);
    }

    [Theory, InlineData("ru"), InlineData("en")]
    public async Task PreviewOfAnUnknownVoiceOrLanguageIsRefused(string language)
    {
        Fake();
        using var unknown = await Client(language).GetAsync("/voices/no_such_voice/preview");
        using var german = await Client(language).GetAsync("/voices/espeak-ru/preview?language=de");

        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound, "UnknownVoiceId", language, null, "no_such_voice");
        await ProblemAssert.IsProblemAsync(german, HttpStatusCode.BadRequest, "PreviewLanguageUnsupported", language, null, "ru, en");
    }

    [Fact]
    public async Task SwaggerDocumentsDeleteAndPreview()
    {
        var paths = JsonDocument.Parse(await Client().GetStringAsync("/swagger/v1/swagger.json")).RootElement.GetProperty("paths");

        var delete = paths.GetProperty("/voices/{id}").GetProperty("delete");
        Assert.Equal(["204", "404", "409", "500", "502"], delete.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order());
        var preview = paths.GetProperty("/voices/{id}/preview").GetProperty("get");
        Assert.Contains(preview.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "language");
        Assert.True(preview.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("audio/mpeg", out _));
    }
}
