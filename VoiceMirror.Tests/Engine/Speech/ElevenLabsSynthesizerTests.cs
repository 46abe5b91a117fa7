using VoiceMirror.Engine;
using VoiceMirror.Engine.Speech;

namespace VoiceMirror.Tests.Engine.Speech;

public sealed class ElevenLabsSynthesizerTests(SpeechAudio audio) : IClassFixture<SpeechAudio>, IAsyncLifetime
{
    internal const string VoicesJson = """
        { "voices": [
          { "voice_id": "voice_id_123456", "name": "Виктор", "category": "cloned", "labels": { "gender": "male", "language": "ru" } },
          { "voice_id": "21m00Tcm4TlvDq8ikWAM", "name": "Rachel", "category": "premade", "labels": { "gender": "female", "accent": "american" },
            "verified_languages": [ { "language": "en", "model_id": "eleven_multilingual_v2" } ] }
        ] }
        """;

    private LoopbackSpeechServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackSpeechServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SynthesizePostsTextAndModelWithKeyHeaderAndSavesDecodableMp3()
    {
        _server.Respond = LoopbackSpeechServer.Bytes(audio.Mp3, "audio/mpeg");
        using var host = new SpeechHost(SpeechHost.ElevenLabs(_server.BaseUrl));

        var speech = await host.Provider<ElevenLabsSynthesizer>().SynthesizeAsync(
            new SpeechRequest("Привет! Меня зовут Виктор.", "voice_id_123456"), audio.NewOutputDirectory(), CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/text-to-speech/voice_id_123456", request.Path);
        Assert.Equal("?output_format=mp3_44100_128", request.Query);
        Assert.Equal(SpeechHost.ElevenLabsKey, request.Header("xi-api-key"));
        Assert.Contains("audio/mpeg", request.Header("Accept"));
        Assert.StartsWith("application/json", request.ContentType);
        var body = request.JsonBody();
        Assert.Equal("Привет! Меня зовут Виктор.", body.GetProperty("text").GetString());
        Assert.Equal("eleven_multilingual_v2", body.GetProperty("model_id").GetString());

        Assert.Equal("voice_id_123456", speech.VoiceId);
        Assert.EndsWith(".mp3", speech.AudioPath);
        Assert.Equal(audio.Mp3, await File.ReadAllBytesAsync(speech.AudioPath));
        Assert.InRange(await SpeechAudio.DecodedSecondsAsync(speech.AudioPath), SpeechAudio.Mp3Seconds - 0.1, SpeechAudio.Mp3Seconds + 0.15);
    }

    [Fact]
    public async Task ListVoicesMapsLabelsAndIsServedFromCacheWithinTtl()
    {
        _server.Respond = LoopbackSpeechServer.Json(VoicesJson);
        using var host = new SpeechHost(SpeechHost.ElevenLabs(_server.BaseUrl));
        var provider = host.Provider<ElevenLabsSynthesizer>();
        Assert.False(provider.Owns("voice_id_123456"));

        var voices = await provider.ListVoicesAsync(CancellationToken.None);
        await provider.ListVoicesAsync(CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(("GET", "/v1/voices"), (request.Method, request.Path));
        Assert.Equal(SpeechHost.ElevenLabsKey, request.Header("xi-api-key"));
        Assert.Equal(
            [new VoiceInfo("voice_id_123456", "Виктор", "ru", "male", "elevenlabs", true),
             new VoiceInfo("21m00Tcm4TlvDq8ikWAM", "Rachel", "en", "female", "elevenlabs", false)],
            voices);
        Assert.True(provider.Owns("voice_id_123456"));
        Assert.False(provider.Owns("espeak-ru"));
    }

    [Fact]
    public async Task ListVoicesFetchesAgainOnceTheCacheExpires()
    {
        _server.Respond = LoopbackSpeechServer.Json(VoicesJson);
        var clock = new ManualClock();
        using var http = new HttpClient();
        var provider = new ElevenLabsSynthesizer(http, new ElevenLabsOptions { ApiKey = "k", BaseUrl = _server.BaseUrl, VoiceCacheSeconds = 60 },
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ElevenLabsSynthesizer>.Instance, clock);

        await provider.ListVoicesAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(59));
        await provider.ListVoicesAsync(CancellationToken.None);
        Assert.Single(_server.Requests);
        clock.Advance(TimeSpan.FromSeconds(2));
        await provider.ListVoicesAsync(CancellationToken.None);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task RejectedKeyFailsWithStatusAndReasonButWithoutTheKey()
    {
        // ElevenLabs' error shape; the message echoes the key, as some servers do.
        _server.Respond = LoopbackSpeechServer.Json(
            $$"""{ "detail": { "status": "invalid_api_key", "message": "Invalid API key: {{SpeechHost.ElevenLabsKey}}" } }""", 401);
        using var host = new SpeechHost(SpeechHost.ElevenLabs(_server.BaseUrl));

        var error = await Assert.ThrowsAsync<EngineException>(() => host.Provider<ElevenLabsSynthesizer>().SynthesizeAsync(
            new SpeechRequest("Hello", "voice_id_123456"), audio.NewOutputDirectory(), CancellationToken.None));

        Assert.Equal(EngineError.VoiceProviderFailed, error.Error);
        Assert.Contains("elevenlabs", error.Message);
        Assert.Contains("401", error.Message);
        Assert.Contains("Invalid API key", error.Message);
        Assert.DoesNotContain(SpeechHost.ElevenLabsKey, error.ToString());
    }

    [Fact]
    public async Task ServerSlowerThanTheTimeoutFailsAsTimedOut()
    {
        _server.Respond = async (ctx, _) => await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted);
        using var host = new SpeechHost(SpeechHost.ElevenLabs(_server.BaseUrl, timeoutSeconds: 1));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<EngineException>(() => host.Provider<ElevenLabsSynthesizer>().SynthesizeAsync(
            new SpeechRequest("Hello", "voice_id_123456"), audio.NewOutputDirectory(), CancellationToken.None));

        Assert.Equal(EngineError.VoiceProviderFailed, error.Error);
        Assert.Contains("timed out", error.Message);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 5);
    }

    [Fact]
    public async Task CallerCancellationStaysACancellation()
    {
        _server.Respond = async (ctx, _) => await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted);
        using var host = new SpeechHost(SpeechHost.ElevenLabs(_server.BaseUrl));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Provider<ElevenLabsSynthesizer>().SynthesizeAsync(
            new SpeechRequest("Hello", "voice_id_123456"), audio.NewOutputDirectory(), cts.Token));
    }

    [Fact]
    public async Task ClonePostsNameAndEverySampleAsMultipartAndTheNewVoiceIsOwnedAtOnce()
    {
        _server.Respond = LoopbackSpeechServer.Json("""{ "voice_id": "cloned_voice_42", "requires_verification": false }""");
        using var host = new SpeechHost(SpeechHost.ElevenLabs(_server.BaseUrl));
        var provider = host.Provider<ElevenLabsSynthesizer>();

        var voice = await provider.CloneAsync("Мой голос", [audio.SpokenWavPath, audio.Mp3Path], null, CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(("POST", "/v1/voices/add"), (request.Method, request.Path));
        Assert.Equal(SpeechHost.ElevenLabsKey, request.Header("xi-api-key"));
        Assert.StartsWith("multipart/form-data", request.ContentType);
        Assert.Equal("Мой голос", request.FormFields["name"]);
        Assert.Collection(request.Files,
            f => Assert.Equal(("files", "spoken.wav", "audio/wav"), (f.Field, f.FileName, f.ContentType)),
            f => Assert.Equal(("files", "tone.mp3", "audio/mpeg"), (f.Field, f.FileName, f.ContentType)));
        Assert.Equal(await File.ReadAllBytesAsync(audio.SpokenWavPath), request.Files[0].Content);
        Assert.Equal(audio.Mp3, request.Files[1].Content);

        Assert.Equal(new VoiceInfo("cloned_voice_42", "Мой голос", "multi", "unknown", "elevenlabs", true), voice);
        Assert.True(provider.Owns("cloned_voice_42"));
    }

    [Fact]
    public async Task DeleteSendsDeleteWithTheKeyAndTheVoiceIsNoLongerOwned()
    {
        _server.Respond = (ctx, request) => request.Method == "GET"
            ? LoopbackSpeechServer.Json(VoicesJson)(ctx, request)
            : LoopbackSpeechServer.Json("""{ "status": "ok" }""")(ctx, request);
        using var host = new SpeechHost(SpeechHost.ElevenLabs(_server.BaseUrl));
        var provider = host.Provider<ElevenLabsSynthesizer>();
        await provider.ListVoicesAsync(CancellationToken.None);
        Assert.True(provider.Owns("voice_id_123456"));

        await provider.DeleteAsync("voice_id_123456", CancellationToken.None);

        var request = _server.Requests.Last();
        Assert.Equal(("DELETE", "/v1/voices/voice_id_123456"), (request.Method, request.Path));
        Assert.Equal(SpeechHost.ElevenLabsKey, request.Header("xi-api-key"));
        Assert.False(provider.Owns("voice_id_123456"));
        Assert.True(provider.Owns("21m00Tcm4TlvDq8ikWAM"));
    }

    [Fact]
    public async Task DeleteRefusedByElevenLabsIsAProviderFailureWithItsReason()
    {
        _server.Respond = LoopbackSpeechServer.Json("""{ "detail": { "status": "voice_not_found", "message": "A voice with that id was not found." } }""", 400);
        using var host = new SpeechHost(SpeechHost.ElevenLabs(_server.BaseUrl));

        var error = await Assert.ThrowsAsync<EngineException>(() =>
            host.Provider<ElevenLabsSynthesizer>().DeleteAsync("gone", CancellationToken.None));

        Assert.Equal(EngineError.VoiceProviderFailed, error.Error);
        Assert.Contains("A voice with that id was not found.", error.Message);
    }

    [Fact]
    public async Task CloneResponseWithoutVoiceIdIsAProviderFailure()
    {
        _server.Respond = LoopbackSpeechServer.Json("""{ "status": "ok" }""");
        using var host = new SpeechHost(SpeechHost.ElevenLabs(_server.BaseUrl));

        var error = await Assert.ThrowsAsync<EngineException>(() =>
            host.Provider<ElevenLabsSynthesizer>().CloneAsync("x", [audio.WavPath], null, CancellationToken.None));
        Assert.Equal(EngineError.VoiceProviderFailed, error.Error);
        Assert.Contains("voice_id", error.Message);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }
}
