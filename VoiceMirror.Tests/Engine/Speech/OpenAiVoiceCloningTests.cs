using Microsoft.Extensions.DependencyInjection;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Speech;

namespace VoiceMirror.Tests.Engine.Speech;

/// Cloning through an OpenAI-compatible server (OpenAI's custom voices API), against a stateful loopback fake.
public sealed class OpenAiVoiceCloningTests(SpeechAudio audio) : IClassFixture<SpeechAudio>, IAsyncLifetime
{
    private LoopbackSpeechServer _server = null!;
    private FakeOpenAiVoices _fake = null!;
    private string _registry = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackSpeechServer.StartAsync();
        _fake = new FakeOpenAiVoices(audio.Mp3);
        _server.Respond = _fake.RespondAsync;
        _registry = Path.Combine(audio.NewOutputDirectory(), "cloned.json");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private SpeechHost Host() => new(SpeechHost.OpenAiCloning(_server.BaseUrl, _registry));

    private ConsentRecording Consent(string language = "en-US") => new(audio.SpokenWavPath, language);

    [Fact]
    public async Task CloneUploadsTheConsentRecordingThenCreatesTheVoiceFromTheSampleReferringToIt()
    {
        using var host = Host();

        var voice = await host.Catalog.CloneAsync("  Мой голос ", [audio.Mp3Path], Consent("ru-RU"), CancellationToken.None);

        var requests = _server.Requests.ToList();
        Assert.Equal([("POST", "/v1/audio/voice_consents"), ("POST", "/v1/audio/voices")], requests.Select(r => (r.Method, r.Path)));
        var consent = requests[0];
        Assert.Equal($"Bearer {SpeechHost.OpenAiKey}", consent.Header("Authorization"));
        Assert.StartsWith("multipart/form-data", consent.ContentType);
        Assert.Equal("ru-RU", consent.FormFields["language"]);
        Assert.Contains("Мой голос", consent.FormFields["name"]);
        var recording = Assert.Single(consent.Files);
        Assert.Equal(("recording", "audio/wav"), (recording.Field, recording.ContentType));
        Assert.Equal(await File.ReadAllBytesAsync(audio.SpokenWavPath), recording.Content);
        Assert.True(await DecodedSecondsAsync(recording) > 0.5, "the consent recording decodes as audio");

        var create = requests[1];
        Assert.Equal($"Bearer {SpeechHost.OpenAiKey}", create.Header("Authorization"));
        Assert.Equal("Мой голос", create.FormFields["name"]);
        Assert.StartsWith("cons_", create.FormFields["consent"]);
        var sample = Assert.Single(create.Files);
        Assert.Equal(("audio_sample", "audio/mpeg"), (sample.Field, sample.ContentType));
        Assert.Equal(audio.Mp3, sample.Content);

        var id = Assert.Single(_fake.VoiceIds);
        Assert.Equal(new VoiceInfo("openai:" + id, "Мой голос", "multi", "unknown", "openai", IsCloned: true), voice);
    }

    [Fact]
    public async Task SeveralTakesBecomeOneSampleHoldingThemAllWithShortPauses()
    {
        using var host = Host();

        await host.Catalog.CloneAsync("Три дубля", [audio.WavPath, audio.Mp3Path, audio.WavPath], Consent(), CancellationToken.None);

        var sample = Assert.Single(_server.Requests.Last().Files);
        Assert.Equal(("audio_sample", "audio/wav"), (sample.Field, sample.ContentType));
        // 1 s + 1.5 s + 1 s of takes and two 0.4 s pauses (MP3 decoding may add a few ms of padding).
        Assert.InRange(await DecodedSecondsAsync(sample), 4.3 - 0.01, 4.3 + 0.1);
    }

    [Fact]
    public async Task ACloneSpeaksAtOnceNamingTheCustomVoiceByAnObjectWithItsId()
    {
        using var host = Host();
        var voice = await host.Catalog.CloneAsync("Голос", [audio.WavPath], Consent(), CancellationToken.None);

        var speech = await host.Catalog.SynthesizeAsync("Привет!", voice.Id, audio.NewOutputDirectory(), CancellationToken.None);

        var body = _server.Requests.Last().JsonBody();
        Assert.Equal(voice.Id["openai:".Length..], body.GetProperty("voice").GetProperty("id").GetString());
        Assert.Equal("Привет!", body.GetProperty("input").GetString());
        Assert.InRange(await SpeechAudio.DecodedSecondsAsync(speech.AudioPath), SpeechAudio.Mp3Seconds - 0.1, SpeechAudio.Mp3Seconds + 0.15);
    }

    [Fact]
    public async Task BuiltInVoicesAreStillNamedByAString()
    {
        using var host = Host();

        await host.Catalog.SynthesizeAsync("Hi", "openai:nova", audio.NewOutputDirectory(), CancellationToken.None);

        Assert.Equal("nova", _server.Requests.Single().JsonBody().GetProperty("voice").GetString());
    }

    [Fact]
    public async Task ClonedVoicesAreListedFirstAndStillKnownAfterARestart()
    {
        string id;
        using (var host = Host())
            id = (await host.Catalog.CloneAsync("Останется", [audio.WavPath], Consent(), CancellationToken.None)).Id;

        using var restarted = Host();
        var voices = await restarted.Catalog.ListAsync(CancellationToken.None);

        Assert.Equal([id, "openai:alloy", "openai:nova"], voices.Where(v => v.Provider == "openai").Select(v => v.Id));
        Assert.True(voices.Single(v => v.Id == id).IsCloned);
        Assert.Same(restarted.Provider<OpenAiCompatibleSynthesizer>(), restarted.Catalog.Resolve(id));
    }

    [Fact]
    public async Task DeleteRemovesTheVoiceAtTheServerAndFromTheList()
    {
        using var host = Host();
        var voice = await host.Catalog.CloneAsync("Удалить", [audio.WavPath], Consent(), CancellationToken.None);
        var raw = voice.Id["openai:".Length..];

        await host.Catalog.DeleteAsync(voice.Id, CancellationToken.None);

        var delete = _server.Requests.Last();
        Assert.Equal(("DELETE", $"/v1/audio/voices/{raw}"), (delete.Method, delete.Path));
        Assert.Equal($"Bearer {SpeechHost.OpenAiKey}", delete.Header("Authorization"));
        Assert.Empty(_fake.VoiceIds);
        Assert.DoesNotContain(voice.Id, (await host.Catalog.ListAsync(CancellationToken.None)).Select(v => v.Id));
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            host.Catalog.SynthesizeAsync("Hi", voice.Id, audio.NewOutputDirectory(), CancellationToken.None));
        Assert.Equal(EngineError.UnknownVoice, error.Error);
    }

    [Fact]
    public async Task AVoiceAlreadyDeletedAtTheServerIsForgottenOnDelete()
    {
        using var host = Host();
        var voice = await host.Catalog.CloneAsync("Уже удалён", [audio.WavPath], Consent(), CancellationToken.None);
        _server.Respond = LoopbackSpeechServer.Json("""{ "error": { "message": "voice not found" } }""", 404);

        await host.Catalog.DeleteAsync(voice.Id, CancellationToken.None);

        Assert.Equal("DELETE", _server.Requests.Last().Method);
        Assert.DoesNotContain(voice.Id, (await host.Catalog.ListAsync(CancellationToken.None)).Select(v => v.Id));
    }

    [Fact]
    public async Task ADeleteTheServerRefusesKeepsTheVoice()
    {
        using var host = Host();
        var voice = await host.Catalog.CloneAsync("Останется", [audio.WavPath], Consent(), CancellationToken.None);
        _server.Respond = LoopbackSpeechServer.Json("""{ "error": { "message": "insufficient permissions" } }""", 403);

        var error = await Assert.ThrowsAsync<EngineException>(() => host.Catalog.DeleteAsync(voice.Id, CancellationToken.None));

        Assert.Equal(EngineError.VoiceProviderFailed, error.Error);
        Assert.Contains("insufficient permissions", error.Message);
        Assert.Contains(voice.Id, (await host.Catalog.ListAsync(CancellationToken.None)).Select(v => v.Id));
    }

    [Fact]
    public async Task AStockVoiceCannotBeDeleted()
    {
        using var host = Host();

        var error = await Assert.ThrowsAsync<EngineException>(() => host.Catalog.DeleteAsync("openai:nova", CancellationToken.None));

        Assert.Equal(EngineError.VoiceNotDeletable, error.Error);
        Assert.Empty(_server.Requests);
    }

    [Theory, InlineData(null), InlineData("de-DE")]
    public async Task CloneWithoutAConsentRecordingInAConfiguredLanguageIsRefusedBeforeAnyUpload(string? language)
    {
        using var host = Host();

        var error = await Assert.ThrowsAsync<EngineException>(() => host.Catalog.CloneAsync(
            "Голос", [audio.WavPath], language is null ? null : Consent(language), CancellationToken.None));

        Assert.Equal(EngineError.ConsentRecordingRequired, error.Error);
        Assert.Equal(["en-US, ru-RU"], error.Args); // configuration binds keys in sorted order
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void WithoutCloningTheServerOnlySpeaksAndIsNoCloner()
    {
        using var host = new SpeechHost(SpeechHost.OpenAi(_server.BaseUrl));

        Assert.Empty(host.Services.GetServices<IVoiceCloner>());
        Assert.False(host.Catalog.CanClone);
    }

    [Fact]
    public void WithCloningTheCatalogClonesThereAndShowsItsConsentPhrases()
    {
        using var host = Host();

        Assert.Same(host.Provider<OpenAiCompatibleSynthesizer>(), host.Catalog.Cloner);
        Assert.Equal(SpeechHost.ConsentPhraseRu, host.Catalog.Cloner!.ConsentPhrases["ru-RU"]);
        Assert.Equal(SpeechHost.ConsentPhraseEn, host.Catalog.Cloner.ConsentPhrases["en-US"]);
    }

    private async Task<double> DecodedSecondsAsync(RecordedFile file)
    {
        var path = Path.Combine(audio.NewOutputDirectory(), file.FileName);
        await File.WriteAllBytesAsync(path, file.Content);
        return await SpeechAudio.DecodedSecondsAsync(path);
    }
}
