using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using VoiceMirror.Tests.Engine.Speech;
using VoiceMirror.Web.Voices;

namespace VoiceMirror.Tests.Web.Api;

/// The real app with only an OpenAI-compatible server that clones, played by a stateful loopback fake.
public sealed class OpenAiCloningApp : IAsyncLifetime
{
    public LoopbackSpeechServer Server { get; private set; } = null!;
    public FakeOpenAiVoices Fake { get; private set; } = null!;
    public VoiceMirrorAppFactory App { get; private set; } = null!;
    public SpeechAudio Audio { get; } = new();

    public async Task InitializeAsync()
    {
        await Audio.InitializeAsync();
        Server = await LoopbackSpeechServer.StartAsync();
        Fake = new FakeOpenAiVoices(Audio.Mp3);
        Server.Respond = Fake.RespondAsync;
        App = new VoiceMirrorAppFactory();
        foreach (var (key, value) in SpeechHost.OpenAiCloning(Server.BaseUrl, Path.Combine(App.DataDir, "openai-cloned-voices.json")))
            App.Settings[key] = value;
    }

    public async Task DisposeAsync()
    {
        App.Dispose();
        await Server.DisposeAsync();
        await Audio.DisposeAsync();
    }
}

[Collection(WebCollection.Name)]
public sealed class OpenAiVoiceCloningApiTests(OpenAiCloningApp cloud) : IClassFixture<OpenAiCloningApp>
{
    private HttpClient Client(string language = "ru")
    {
        var client = cloud.App.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return client;
    }

    private MultipartFormDataContent CloneForm(string name, bool withConsentRecording = true, string? consentLanguage = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" }, { new StringContent("true"), "consent" },
            { new ByteArrayContent(File.ReadAllBytes(cloud.Audio.SpokenWavPath)), "samples", "me.wav" },
        };
        if (withConsentRecording) form.Add(new ByteArrayContent(File.ReadAllBytes(cloud.Audio.WavPath)), "consentRecording", "consent.wav");
        if (consentLanguage is not null) form.Add(new StringContent(consentLanguage), "consentLanguage");
        return form;
    }

    private async Task<string> CloneAsync(string name, string language = "ru", string? consentLanguage = null)
    {
        using var response = await Client(language).PostAsync("/voices/clone", CloneForm(name, consentLanguage: consentLanguage));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var voice = JsonDocument.Parse(body).RootElement;
        Assert.Equal(["voiceId", "name", "provider"], voice.EnumerateObject().Select(p => p.Name));
        Assert.Equal("openai", voice.GetProperty("provider").GetString());
        return voice.GetProperty("voiceId").GetString()!;
    }

    private async Task<List<JsonElement>> ListAsync() =>
        JsonDocument.Parse(await Client().GetStringAsync("/voices")).RootElement.EnumerateArray().ToList();

    private int Uploads => cloud.Server.Requests.Count(r => r.Path.StartsWith("/v1/audio/voice"));

    [Fact]
    public async Task CloningTellsTheProviderAndItsConsentPhrases()
    {
        var cloning = JsonDocument.Parse(await Client().GetStringAsync("/voices/cloning")).RootElement;

        Assert.True(cloning.GetProperty("available").GetBoolean());
        Assert.Equal("openai", cloning.GetProperty("provider").GetString());
        var phrases = cloning.GetProperty("consentPhrases");
        Assert.Equal(SpeechHost.ConsentPhraseRu, phrases.GetProperty("ru-RU").GetString());
        Assert.Equal(SpeechHost.ConsentPhraseEn, phrases.GetProperty("en-US").GetString());
    }

    [Fact]
    public async Task CloneSendsTheConsentRecordingInTheRequestLanguageThenTheSampleAndListsTheVoice()
    {
        var id = await CloneAsync("Мой голос", language: "en");

        var consent = cloud.Server.Requests.Last(r => r.Path == "/v1/audio/voice_consents");
        Assert.Equal("en-US", consent.FormFields["language"]);
        Assert.Equal(cloud.Audio.Wav, Assert.Single(consent.Files).Content);
        var create = cloud.Server.Requests.Last(r => r.Path == "/v1/audio/voices");
        Assert.Equal("Мой голос", create.FormFields["name"]);
        Assert.Equal(File.ReadAllBytes(cloud.Audio.SpokenWavPath), Assert.Single(create.Files, f => f.Field == "audio_sample").Content);
        Assert.StartsWith("openai:voice_", id);
        var listed = Assert.Single(await ListAsync(), v => v.GetProperty("id").GetString() == id);
        Assert.True(listed.GetProperty("isCloned").GetBoolean());
        Assert.Equal("Мой голос", listed.GetProperty("name").GetString());
    }

    [Fact]
    public async Task AnExplicitConsentLanguageIsSentAsIs()
    {
        await CloneAsync("Явный язык", language: "en", consentLanguage: "ru-ru");

        Assert.Equal("ru-RU", cloud.Server.Requests.Last(r => r.Path == "/v1/audio/voice_consents").FormFields["language"]);
    }

    [Theory, InlineData("ru"), InlineData("en")]
    public async Task CloneWithoutAConsentRecordingIsABadRequestInTheUsersLanguageAndNothingIsUploaded(string language)
    {
        var before = Uploads;

        using var response = await Client(language).PostAsync("/voices/clone", CloneForm("Без согласия", withConsentRecording: false));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "ConsentRecordingRequired", language, null, "en-US, ru-RU");
        Assert.Equal(before, Uploads);
    }

    [Theory, InlineData("ru"), InlineData("en")]
    public async Task CloneWithAConsentLanguageThatHasNoPhraseIsABadRequest(string language)
    {
        var before = Uploads;

        using var response = await Client(language).PostAsync("/voices/clone", CloneForm("Не тот язык", consentLanguage: "de-DE"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "ConsentLanguageUnknown", language, null, "de-DE", "en-US, ru-RU");
        Assert.Equal(before, Uploads);
    }

    [Fact]
    public async Task ASilentConsentRecordingIsRefusedNamingIt()
    {
        using var form = CloneForm("Тихое согласие", withConsentRecording: false);
        var silence = new byte[44 + 32000];
        using (var w = new BinaryWriter(new MemoryStream(silence)))
        {
            w.Write("RIFF"u8); w.Write(36 + 32000); w.Write("WAVEfmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1);
            w.Write(16000); w.Write(32000); w.Write((short)2); w.Write((short)16); w.Write("data"u8); w.Write(32000);
        }
        form.Add(new ByteArrayContent(silence), "consentRecording", "quiet-consent.wav");
        var before = Uploads;

        using var response = await Client("en").PostAsync("/voices/clone", form);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "SampleSilent", "en", null, "quiet-consent.wav");
        Assert.Equal(before, Uploads);
    }

    [Fact]
    public async Task PreviewOfACloneSpeaksWithItsIdOnceAndIsThenCached()
    {
        var id = await CloneAsync("Превью");
        var raw = id["openai:".Length..];
        int Spoken() => cloud.Server.Requests.Count(r => r.Path == "/v1/audio/speech"
            && r.JsonBody().GetProperty("voice") is { ValueKind: JsonValueKind.Object } v && v.GetProperty("id").GetString() == raw);

        using var first = await Client().GetAsync($"/voices/{id}/preview?language=ru");
        using var second = await Client().GetAsync($"/voices/{id}/preview?language=ru");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("audio/mpeg", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(cloud.Audio.Mp3, await first.Content.ReadAsByteArrayAsync());
        Assert.Equal(cloud.Audio.Mp3, await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, Spoken());
        Assert.Equal(VoicePreviewCache.SampleSentence("ru"),
            cloud.Server.Requests.Last(r => r.Path == "/v1/audio/speech").JsonBody().GetProperty("input").GetString());
    }

    [Fact]
    public async Task DeletingACloneDeletesItAtTheServerAndItIsNoLongerListedOrSpoken()
    {
        var id = await CloneAsync("Удаляемый");
        var raw = id["openai:".Length..];

        using var response = await Client().DeleteAsync($"/voices/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var delete = Assert.Single(cloud.Server.Requests, r => r.Method == "DELETE");
        Assert.Equal($"/v1/audio/voices/{raw}", delete.Path);
        Assert.Equal($"Bearer {SpeechHost.OpenAiKey}", delete.Header("Authorization"));
        Assert.DoesNotContain(raw, cloud.Fake.VoiceIds);
        Assert.DoesNotContain(id, (await ListAsync()).Select(v => v.GetProperty("id").GetString()));
        using var preview = await Client("en").GetAsync($"/voices/{id}/preview");
        Assert.Equal(HttpStatusCode.NotFound, preview.StatusCode);
    }

    [Theory, InlineData("ru"), InlineData("en")]
    public async Task DeletingABuiltInVoiceIsAConflict(string language)
    {
        using var response = await Client(language).DeleteAsync("/voices/openai:nova");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "VoiceNotDeletable", language, null, "nova");
    }
}
