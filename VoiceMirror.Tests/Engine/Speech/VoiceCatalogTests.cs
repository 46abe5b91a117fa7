using VoiceMirror.Engine;
using VoiceMirror.Engine.Speech;

namespace VoiceMirror.Tests.Engine.Speech;

/// <summary>Routing across the providers registered by AddSpeechProviders, each cloud one backed by its own loopback server.</summary>
public sealed class VoiceCatalogTests(SpeechAudio audio) : IClassFixture<SpeechAudio>, IAsyncLifetime
{
    private LoopbackSpeechServer _elevenLabs = null!;
    private LoopbackSpeechServer _openAi = null!;

    public async Task InitializeAsync()
    {
        _elevenLabs = await LoopbackSpeechServer.StartAsync();
        _openAi = await LoopbackSpeechServer.StartAsync();
        _elevenLabs.Respond = (ctx, request) => request.Path == "/v1/voices"
            ? LoopbackSpeechServer.Json(ElevenLabsSynthesizerTests.VoicesJson)(ctx, request)
            : LoopbackSpeechServer.Bytes(audio.Mp3, "audio/mpeg")(ctx, request);
        _openAi.Respond = LoopbackSpeechServer.Bytes(audio.Mp3, "audio/mpeg");
    }

    public async Task DisposeAsync()
    {
        await _elevenLabs.DisposeAsync();
        await _openAi.DisposeAsync();
    }

    private SpeechHost Host() => new(SpeechHost.Merge(SpeechHost.ElevenLabs(_elevenLabs.BaseUrl), SpeechHost.OpenAi(_openAi.BaseUrl)));

    [Fact]
    public async Task EachVoiceIdRoutesToTheProviderThatOwnsIt()
    {
        using var host = Host();
        var catalog = host.Catalog;

        Assert.Equal("espeak", (await catalog.ResolveAsync(null, CancellationToken.None)).ProviderName);
        Assert.Equal("espeak", (await catalog.ResolveAsync("espeak-ru", CancellationToken.None)).ProviderName);
        Assert.Equal("espeak", catalog.Resolve("espeak-en-f").ProviderName);
        Assert.Equal("openai", (await catalog.ResolveAsync("openai:nova", CancellationToken.None)).ProviderName);
        // A raw ElevenLabs id with a cold cache: the catalogue asks the providers for their voices first.
        Assert.Equal("elevenlabs", (await catalog.ResolveAsync("voice_id_123456", CancellationToken.None)).ProviderName);
        Assert.Equal("elevenlabs", catalog.Resolve("21m00Tcm4TlvDq8ikWAM").ProviderName);

        var unknown = await Assert.ThrowsAsync<EngineException>(() => catalog.ResolveAsync("no_such_voice", CancellationToken.None));
        Assert.Equal(EngineError.UnknownVoice, unknown.Error);
        Assert.Contains("'no_such_voice'", unknown.Message);
        Assert.Equal(EngineError.UnknownVoice, Assert.Throws<EngineException>(() => catalog.Resolve("openai:shimmer")).Error);
    }

    [Fact]
    public async Task OnlyClonedVoicesCanBeDeletedAndOnlyAtTheProviderThatHoldsThem()
    {
        using var host = Host();
        var catalog = host.Catalog;

        foreach (var (id, name) in new[] { ("espeak-ru", "Russian (male)"), ("openai:nova", "nova"), ("21m00Tcm4TlvDq8ikWAM", "Rachel") })
        {
            var refused = await Assert.ThrowsAsync<EngineException>(() => catalog.DeleteAsync(id, CancellationToken.None));
            Assert.Equal(EngineError.VoiceNotDeletable, refused.Error);
            Assert.Equal([name], refused.Args);
        }
        var unknown = await Assert.ThrowsAsync<EngineException>(() => catalog.DeleteAsync("no_such_voice", CancellationToken.None));
        Assert.Equal(EngineError.UnknownVoice, unknown.Error);
        Assert.DoesNotContain(_elevenLabs.Requests, r => r.Method == "DELETE");

        var deleted = await catalog.DeleteAsync("voice_id_123456", CancellationToken.None);

        Assert.Equal("Виктор", deleted.Name);
        Assert.Equal(("DELETE", "/v1/voices/voice_id_123456"), _elevenLabs.Requests.Where(r => r.Method == "DELETE").Select(r => (r.Method, r.Path)).Single());
        Assert.Empty(_openAi.Requests);
    }

    [Fact]
    public async Task SynthesizeSendsTheRequestOnlyToTheOwningServer()
    {
        using var host = Host();

        var speech = await host.Catalog.SynthesizeAsync("Привет!", "voice_id_123456", audio.NewOutputDirectory(), CancellationToken.None);

        Assert.Equal("voice_id_123456", speech.VoiceId);
        Assert.Contains(_elevenLabs.Requests, r => r.Path == "/v1/text-to-speech/voice_id_123456");
        Assert.Empty(_openAi.Requests);
        Assert.InRange(await SpeechAudio.DecodedSecondsAsync(speech.AudioPath), 1.4, 1.65);
    }

    [Fact]
    public async Task NoVoiceIdSpeaksWithLocalEspeakAndCallsNoServer()
    {
        using var host = Host();

        var speech = await host.Catalog.SynthesizeAsync("Привет, мир.", null, audio.NewOutputDirectory(), CancellationToken.None);

        Assert.StartsWith("espeak-", speech.VoiceId);
        Assert.InRange(await SpeechAudio.DecodedSecondsAsync(speech.AudioPath), 0.3, 5);
        Assert.Empty(_elevenLabs.Requests);
        Assert.Empty(_openAi.Requests);
    }

    [Fact]
    public async Task ListGathersTheVoicesOfEveryProvider()
    {
        using var host = Host();

        var voices = await host.Catalog.ListAsync(CancellationToken.None);

        Assert.Equal(["espeak-ru", "espeak-ru-f", "espeak-en", "espeak-en-f"], voices.Take(4).Select(v => v.Id));
        Assert.Contains(voices, v => v is { Id: "voice_id_123456", Provider: "elevenlabs", IsCloned: true });
        Assert.Contains(voices, v => v is { Id: "openai:nova", Provider: "openai", IsCloned: false });
    }

    [Fact]
    public async Task ListLeavesOutAProviderThatIsDownAndLogsWhy()
    {
        _elevenLabs.Respond = LoopbackSpeechServer.Json("""{ "detail": "service unavailable" }""", 503);
        using var host = Host();

        var voices = await host.Catalog.ListAsync(CancellationToken.None);

        Assert.DoesNotContain(voices, v => v.Provider == "elevenlabs");
        Assert.Contains(voices, v => v.Id == "espeak-ru");
        Assert.Contains(voices, v => v.Id == "openai:alloy");
        Assert.Contains("503", host.Logs.AllText);
        Assert.Contains("service unavailable", host.Logs.AllText);
    }

    [Fact]
    public async Task AnIdNoProviderKnowsWhileOneIsDownReportsTheFailureNotUnknownVoice()
    {
        _elevenLabs.Respond = LoopbackSpeechServer.Json("""{ "detail": "service unavailable" }""", 503);
        using var host = Host();

        var error = await Assert.ThrowsAsync<EngineException>(() => host.Catalog.ResolveAsync("voice_id_123456", CancellationToken.None));

        Assert.Equal(EngineError.VoiceProviderFailed, error.Error);
        Assert.Contains("503", error.Message);
    }

    [Fact]
    public async Task CloneGoesToTheFirstProviderThatCanClone()
    {
        _elevenLabs.Respond = LoopbackSpeechServer.Json("""{ "voice_id": "cloned_1" }""");
        using var host = Host();
        Assert.True(host.Catalog.CanClone);

        var voice = await host.Catalog.CloneAsync("Анна", [audio.SpokenWavPath], CancellationToken.None);

        Assert.Equal(("cloned_1", "elevenlabs"), (voice.Id, voice.Provider));
        Assert.Equal("elevenlabs", host.Catalog.Resolve("cloned_1").ProviderName);
    }

    [Fact]
    public async Task CloneWithoutACloningProviderIsVoiceCloningUnsupported()
    {
        using var host = new SpeechHost(SpeechHost.OpenAi(_openAi.BaseUrl));
        Assert.False(host.Catalog.CanClone);

        var error = await Assert.ThrowsAsync<EngineException>(() =>
            host.Catalog.CloneAsync("Анна", [audio.SpokenWavPath], CancellationToken.None));

        Assert.Equal(EngineError.VoiceCloningUnsupported, error.Error);
        Assert.Empty(_openAi.Requests);
    }
}
