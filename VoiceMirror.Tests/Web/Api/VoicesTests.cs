using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceMirror.Tests.Engine.Speech;

namespace VoiceMirror.Tests.Web.Api;

/// The real app with ElevenLabs and an OpenAI-compatible server configured, both served by one loopback server.
public sealed class CloudVoicesApp : IAsyncLifetime
{
    public LoopbackSpeechServer Server { get; private set; } = null!;
    public VoiceMirrorAppFactory App { get; private set; } = null!;
    public SpeechAudio Audio { get; } = new();

    public async Task InitializeAsync()
    {
        await Audio.InitializeAsync();
        Server = await LoopbackSpeechServer.StartAsync();
        App = new VoiceMirrorAppFactory();
        foreach (var (key, value) in SpeechHost.Merge(SpeechHost.ElevenLabs(Server.BaseUrl), SpeechHost.OpenAi(Server.BaseUrl)))
            App.Settings[key] = value;
        // Every listing reaches the server, so each test sees the answers it scripts.
        App.Settings["VoiceMirror:Voices:ElevenLabs:VoiceCacheSeconds"] = "0";
    }

    /// Voice list on GET /v1/voices, <paramref name="other"/> for everything else.
    public void Respond(Func<Microsoft.AspNetCore.Http.HttpContext, RecordedRequest, Task> other) =>
        Server.Respond = (ctx, request) => request.Path == "/v1/voices"
            ? LoopbackSpeechServer.Json(ElevenLabsSynthesizerTests.VoicesJson)(ctx, request)
            : other(ctx, request);

    public async Task DisposeAsync()
    {
        App.Dispose();
        await Server.DisposeAsync();
        await Audio.DisposeAsync();
    }
}

[Collection(WebCollection.Name)]
public sealed class VoicesTests(CloudVoicesApp cloud) : IClassFixture<CloudVoicesApp>
{
    private HttpClient Client(string language = "ru")
    {
        var client = cloud.App.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return client;
    }

    private MultipartFormDataContent CloneForm(string? name = "Мой голос", string? consent = "true", params (string FileName, byte[] Bytes)[] samples)
    {
        var form = new MultipartFormDataContent();
        if (name is not null) form.Add(new StringContent(name), "name");
        if (consent is not null) form.Add(new StringContent(consent), "consent");
        foreach (var (fileName, bytes) in samples) form.Add(new ByteArrayContent(bytes), "samples", fileName);
        return form;
    }

    private (string, byte[]) Spoken => ("me.wav", File.ReadAllBytes(cloud.Audio.SpokenWavPath));

    private int CloneRequests => cloud.Server.Requests.Count(r => r.Path == "/v1/voices/add");

    [Fact]
    public async Task ListReturnsLocalAndCloudVoicesWithContractFields()
    {
        cloud.Respond(LoopbackSpeechServer.Bytes(cloud.Audio.Mp3, "audio/mpeg"));

        var voices = JsonDocument.Parse(await Client().GetStringAsync("/voices")).RootElement.EnumerateArray().ToList();

        Assert.All(voices, v => Assert.Equal(["id", "name", "language", "gender", "provider", "isCloned"], v.EnumerateObject().Select(p => p.Name)));
        string Summary(JsonElement v) => $"{v.GetProperty("id")}|{v.GetProperty("language")}|{v.GetProperty("gender")}|{v.GetProperty("provider")}|{v.GetProperty("isCloned")}";
        var all = voices.Select(Summary).ToList();
        Assert.Contains("espeak-ru|ru|male|espeak|False", all);
        Assert.Contains("espeak-en-f|en|female|espeak|False", all);
        Assert.Contains("voice_id_123456|ru|male|elevenlabs|True", all);
        Assert.Contains("openai:nova|multi|unknown|openai|False", all);
    }

    [Fact]
    public async Task ListKeepsLocalVoicesWhenTheCloudProviderIsDown()
    {
        cloud.Server.Respond = LoopbackSpeechServer.Json("""{ "detail": "maintenance" }""", 503);

        var ids = JsonDocument.Parse(await Client().GetStringAsync("/voices")).RootElement.EnumerateArray()
            .Select(v => v.GetProperty("id").GetString()).ToList();

        Assert.Contains("espeak-ru", ids);
        Assert.DoesNotContain("voice_id_123456", ids);
    }

    [Fact]
    public async Task CloneUploadsTheSamplesToElevenLabsAndReturnsTheNewVoice()
    {
        cloud.Respond(LoopbackSpeechServer.Json("""{ "voice_id": "cloned_from_api" }"""));

        using var response = await Client().PostAsync("/voices/clone", CloneForm("Мой голос", "true", Spoken, ("take2.mp3", cloud.Audio.Mp3)));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var voice = JsonDocument.Parse(body).RootElement;
        Assert.Equal("cloned_from_api", voice.GetProperty("voiceId").GetString());
        Assert.Equal("Мой голос", voice.GetProperty("name").GetString());
        Assert.Equal("elevenlabs", voice.GetProperty("provider").GetString());
        var request = cloud.Server.Requests.Last(r => r.Path == "/v1/voices/add");
        Assert.Equal("Мой голос", request.FormFields["name"]);
        Assert.Equal(SpeechHost.ElevenLabsKey, request.Header("xi-api-key"));
        Assert.Equal([("files", "sample-1.wav", "audio/wav"), ("files", "sample-2.mp3", "audio/mpeg")],
            request.Files.Select(f => (f.Field, f.FileName, f.ContentType)));
        Assert.Equal(Spoken.Item2, request.Files[0].Content);
        Assert.Equal(cloud.Audio.Mp3, request.Files[1].Content);
    }

    public static TheoryData<string, string?> ConsentCases => new() { { "ru", null }, { "en", "false" }, { "ru", "yes" } };

    [Theory, MemberData(nameof(ConsentCases))]
    public async Task CloneWithoutConsentIsRefusedAndNothingIsUploaded(string language, string? consent)
    {
        var before = CloneRequests;
        using var response = await Client(language).PostAsync("/voices/clone", CloneForm(consent: consent, samples: Spoken));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "ConsentRequired", language);
        Assert.Equal(before, CloneRequests);
    }

    [Fact]
    public async Task CloneWithoutSamplesOrNameIsRefused()
    {
        using var noSamples = await Client("en").PostAsync("/voices/clone", CloneForm());
        await ProblemAssert.IsProblemAsync(noSamples, HttpStatusCode.BadRequest, "SamplesRequired", "en");
        using var noName = await Client().PostAsync("/voices/clone", CloneForm(name: "  ", samples: Spoken));
        await ProblemAssert.IsProblemAsync(noName, HttpStatusCode.BadRequest, "VoiceNameRequired");
    }

    [Fact]
    public async Task CloneWithASampleFfmpegCannotReadIsRefusedNamingIt()
    {
        var before = CloneRequests;
        using var response = await Client().PostAsync("/voices/clone",
            CloneForm(samples: [Spoken, ("notes.wav", "это не звук, а текст"u8.ToArray())]));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "SampleUnreadable", "ru", null, "notes.wav");
        Assert.Equal(before, CloneRequests);
    }

    [Fact]
    public async Task CloneWithASilentSampleIsRefusedNamingIt()
    {
        var silence = new byte[44 + 32000];
        WavHeader(silence, 16000, 32000);
        using var response = await Client("en").PostAsync("/voices/clone", CloneForm(samples: ("quiet.wav", silence)));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "SampleSilent", "en", null, "quiet.wav");
    }

    [Fact]
    public async Task CloneRejectedByTheProviderIsBadGatewayWithoutTheKey()
    {
        cloud.Respond(LoopbackSpeechServer.Json($$"""{ "detail": { "message": "Invalid API key {{SpeechHost.ElevenLabsKey}}" } }""", 401));

        using var response = await Client().PostAsync("/voices/clone", CloneForm(samples: Spoken));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway, "VoiceProviderFailed");
        Assert.DoesNotContain(SpeechHost.ElevenLabsKey, problem.GetRawText());
    }

    [Fact]
    public async Task AnimateAcceptsARawElevenLabsVoiceIdAndServesItsSpeech()
    {
        cloud.Respond(LoopbackSpeechServer.Bytes(cloud.Audio.Mp3, "audio/mpeg"));
        var avatarId = await TestUploads.UploadAsync(Client());

        using var response = await Client().PostAsJsonAsync("/avatar/animate", new { avatarId, text = "Привет!", voiceId = "voice_id_123456" });

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains(cloud.Server.Requests, r => r.Path == "/v1/text-to-speech/voice_id_123456");
        var audioUrl = JsonDocument.Parse(body).RootElement.GetProperty("audioUrl").GetString()!;
        var mp3 = Path.Combine(cloud.Audio.NewOutputDirectory(), "speech.mp3");
        await File.WriteAllBytesAsync(mp3, await Client().GetByteArrayAsync(audioUrl));
        Assert.InRange(await SpeechAudio.DecodedSecondsAsync(mp3), SpeechAudio.Mp3Seconds - 0.1, SpeechAudio.Mp3Seconds + 0.2);
    }

    private static void WavHeader(byte[] wav, int sampleRate, int dataBytes)
    {
        var w = new BinaryWriter(new MemoryStream(wav));
        w.Write("RIFF"u8); w.Write(36 + dataBytes); w.Write("WAVEfmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1);
        w.Write(sampleRate); w.Write(sampleRate * 2); w.Write((short)2); w.Write((short)16); w.Write("data"u8); w.Write(dataBytes);
    }
}

[Collection(WebCollection.Name)]
public sealed class VoicesWithoutCloudTests(VoiceMirrorAppFactory app) : IClassFixture<VoiceMirrorAppFactory>
{
    [Fact]
    public async Task ListHasOnlyTheFourLocalVoices()
    {
        var ids = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/voices")).RootElement.EnumerateArray()
            .Select(v => v.GetProperty("id").GetString());
        Assert.Equal(["espeak-ru", "espeak-ru-f", "espeak-en", "espeak-en-f"], ids);
    }

    [Fact]
    public async Task SwaggerDocumentsTheVoiceEndpointsAndTheCloneFormFields()
    {
        var doc = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/swagger/v1/swagger.json")).RootElement;
        var paths = doc.GetProperty("paths");

        Assert.Equal("🎙 Голоса", paths.GetProperty("/voices").GetProperty("get").GetProperty("tags")[0].GetString());
        var clone = paths.GetProperty("/voices/clone").GetProperty("post");
        var form = clone.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        Assert.Equal(["name", "samples", "consent", "consentRecording", "consentLanguage"], form.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.True(clone.GetProperty("responses").TryGetProperty("502", out _));
    }

    [Theory, InlineData("ru"), InlineData("en")]
    public async Task CloneIsNotAvailable(string language)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        using var form = new MultipartFormDataContent { { new StringContent("Голос"), "name" }, { new StringContent("true"), "consent" } };

        using var response = await client.PostAsync("/voices/clone", form);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "CloningNotAvailable", language);
    }
}
