using VoiceMirror.Engine;
using VoiceMirror.Engine.Speech;

namespace VoiceMirror.Tests.Engine.Speech;

public sealed class OpenAiCompatibleSynthesizerTests(SpeechAudio audio) : IClassFixture<SpeechAudio>, IAsyncLifetime
{
    private LoopbackSpeechServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackSpeechServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SynthesizePostsModelInputVoiceAndFormatWithBearerKeyAndSavesDecodableMp3()
    {
        _server.Respond = LoopbackSpeechServer.Bytes(audio.Mp3, "audio/mpeg");
        using var host = new SpeechHost(SpeechHost.OpenAi(_server.BaseUrl));

        var speech = await host.Provider<OpenAiCompatibleSynthesizer>().SynthesizeAsync(
            new SpeechRequest("Hello from VoiceMirror.", "openai:nova"), audio.NewOutputDirectory(), CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(("POST", "/v1/audio/speech"), (request.Method, request.Path));
        Assert.Equal($"Bearer {SpeechHost.OpenAiKey}", request.Header("Authorization"));
        var body = request.JsonBody();
        Assert.Equal("tts-1", body.GetProperty("model").GetString());
        Assert.Equal("Hello from VoiceMirror.", body.GetProperty("input").GetString());
        Assert.Equal("nova", body.GetProperty("voice").GetString());
        Assert.Equal("mp3", body.GetProperty("response_format").GetString());

        Assert.Equal("openai:nova", speech.VoiceId);
        Assert.EndsWith(".mp3", speech.AudioPath);
        Assert.InRange(await SpeechAudio.DecodedSecondsAsync(speech.AudioPath), SpeechAudio.Mp3Seconds - 0.1, SpeechAudio.Mp3Seconds + 0.15);
    }

    [Fact]
    public async Task WavResponseFormatIsRequestedAndSavedAsWav()
    {
        _server.Respond = LoopbackSpeechServer.Bytes(audio.Wav, "audio/wav");
        var settings = SpeechHost.OpenAi(_server.BaseUrl);
        settings["VoiceMirror:Voices:OpenAi:ResponseFormat"] = "wav";
        using var host = new SpeechHost(settings);

        var speech = await host.Provider<OpenAiCompatibleSynthesizer>().SynthesizeAsync(
            new SpeechRequest("Hi", null), audio.NewOutputDirectory(), CancellationToken.None);

        var body = Assert.Single(_server.Requests).JsonBody();
        Assert.Equal("wav", body.GetProperty("response_format").GetString());
        Assert.Equal("alloy", body.GetProperty("voice").GetString());
        Assert.EndsWith(".wav", speech.AudioPath);
        Assert.InRange(await SpeechAudio.DecodedSecondsAsync(speech.AudioPath), 0.95, 1.05);
    }

    [Fact]
    public async Task SelfHostedServerWithoutKeyGetsNoAuthorizationHeader()
    {
        _server.Respond = LoopbackSpeechServer.Bytes(audio.Mp3, "audio/mpeg");
        using var host = new SpeechHost(SpeechHost.OpenAi(_server.BaseUrl, apiKey: null));

        await host.Provider<OpenAiCompatibleSynthesizer>().SynthesizeAsync(
            new SpeechRequest("Hi", "openai:alloy"), audio.NewOutputDirectory(), CancellationToken.None);

        Assert.Null(Assert.Single(_server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task VoicesAreTheConfiguredNamesPrefixedWithOpenAi()
    {
        using var host = new SpeechHost(SpeechHost.OpenAi(_server.BaseUrl));
        var provider = host.Provider<OpenAiCompatibleSynthesizer>();

        var voices = await provider.ListVoicesAsync(CancellationToken.None);

        Assert.Equal(["openai:alloy", "openai:nova"], voices.Select(v => v.Id));
        Assert.All(voices, v => Assert.Equal("openai", v.Provider));
        Assert.True(provider.Owns("openai:nova"));
        Assert.False(provider.Owns("nova"));
        Assert.False(provider.Owns("openai:shimmer"));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task RejectedKeyFailsWithStatusAndReasonButWithoutTheKey()
    {
        _server.Respond = LoopbackSpeechServer.Json($$"""
            { "error": { "message": "Incorrect API key provided: {{SpeechHost.OpenAiKey}}.", "type": "invalid_request_error", "code": "invalid_api_key" } }
            """, 401);
        using var host = new SpeechHost(SpeechHost.OpenAi(_server.BaseUrl));

        var error = await Assert.ThrowsAsync<EngineException>(() => host.Provider<OpenAiCompatibleSynthesizer>().SynthesizeAsync(
            new SpeechRequest("Hi", "openai:nova"), audio.NewOutputDirectory(), CancellationToken.None));

        Assert.Equal(EngineError.VoiceProviderFailed, error.Error);
        Assert.Contains("401", error.Message);
        Assert.Contains("Incorrect API key provided", error.Message);
        Assert.DoesNotContain(SpeechHost.OpenAiKey, error.ToString());
    }

    [Fact]
    public async Task TextLongerThanTheServerLimitIsRefusedBeforeAnyRequest()
    {
        using var host = new SpeechHost(SpeechHost.OpenAi(_server.BaseUrl));

        var error = await Assert.ThrowsAsync<EngineException>(() => host.Provider<OpenAiCompatibleSynthesizer>().SynthesizeAsync(
            new SpeechRequest(new string('a', 4097), "openai:nova"), audio.NewOutputDirectory(), CancellationToken.None));

        Assert.Equal(EngineError.TextTooLong, error.Error);
        Assert.Contains("4096", error.Message);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task LongErrorBodyIsTruncated()
    {
        _server.Respond = LoopbackSpeechServer.Bytes(System.Text.Encoding.UTF8.GetBytes(new string('x', 5000)), "text/plain", 500);
        using var host = new SpeechHost(SpeechHost.OpenAi(_server.BaseUrl));

        var error = await Assert.ThrowsAsync<EngineException>(() => host.Provider<OpenAiCompatibleSynthesizer>().SynthesizeAsync(
            new SpeechRequest("Hi", "openai:nova"), audio.NewOutputDirectory(), CancellationToken.None));

        Assert.Contains("500", error.Message);
        Assert.InRange(error.Message.Length, 300, 400);
    }

    [Fact]
    public async Task SuccessStatusWithJsonInsteadOfAudioIsAProviderFailure()
    {
        _server.Respond = LoopbackSpeechServer.Json("""{ "queued": true }""");
        using var host = new SpeechHost(SpeechHost.OpenAi(_server.BaseUrl));
        var output = audio.NewOutputDirectory();

        var error = await Assert.ThrowsAsync<EngineException>(() => host.Provider<OpenAiCompatibleSynthesizer>().SynthesizeAsync(
            new SpeechRequest("Hi", "openai:nova"), output, CancellationToken.None));

        Assert.Equal(EngineError.VoiceProviderFailed, error.Error);
        Assert.Contains("instead of audio", error.Message);
        Assert.Empty(Directory.GetFiles(output));
    }

    [Fact]
    public async Task ServerSlowerThanTheTimeoutFailsAsTimedOut()
    {
        _server.Respond = async (ctx, _) => await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted);
        using var host = new SpeechHost(SpeechHost.OpenAi(_server.BaseUrl, timeoutSeconds: 1));

        var error = await Assert.ThrowsAsync<EngineException>(() => host.Provider<OpenAiCompatibleSynthesizer>().SynthesizeAsync(
            new SpeechRequest("Hi", "openai:nova"), audio.NewOutputDirectory(), CancellationToken.None));

        Assert.Equal(EngineError.VoiceProviderFailed, error.Error);
        Assert.Contains("timed out after 1 s", error.Message);
    }

    [Fact]
    public async Task UnreachableServerIsAProviderFailure()
    {
        var url = _server.BaseUrl;
        await _server.DisposeAsync();
        _server = await LoopbackSpeechServer.StartAsync();
        using var host = new SpeechHost(SpeechHost.OpenAi(url));

        var error = await Assert.ThrowsAsync<EngineException>(() => host.Provider<OpenAiCompatibleSynthesizer>().SynthesizeAsync(
            new SpeechRequest("Hi", "openai:nova"), audio.NewOutputDirectory(), CancellationToken.None));

        Assert.Equal(EngineError.VoiceProviderFailed, error.Error);
        Assert.Contains("openai", error.Message);
    }
}
