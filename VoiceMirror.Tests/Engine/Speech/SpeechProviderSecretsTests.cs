namespace VoiceMirror.Tests.Engine.Speech;

/// <summary>API keys travel only in request headers: never into log lines (HttpClient's own included) or exception text.</summary>
public sealed class SpeechProviderSecretsTests(SpeechAudio audio) : IClassFixture<SpeechAudio>, IAsyncLifetime
{
    private LoopbackSpeechServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackSpeechServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task KeysAppearInNoLogLineOnSuccessFailureOrTimeout()
    {
        // 3 s: long enough for the successful calls on a loaded machine, short of the 10 s the slow server waits below.
        var settings = SpeechHost.Merge(SpeechHost.ElevenLabs(_server.BaseUrl, timeoutSeconds: 3), SpeechHost.OpenAi(_server.BaseUrl, timeoutSeconds: 3));
        using var host = new SpeechHost(settings);
        var errors = new List<Exception>();
        async Task Attempt(string? voice)
        {
            try
            {
                await host.Catalog.SynthesizeAsync("Привет", voice, audio.NewOutputDirectory(), CancellationToken.None);
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        }

        _server.Respond = (ctx, request) => request.Path == "/v1/voices"
            ? LoopbackSpeechServer.Json(ElevenLabsSynthesizerTests.VoicesJson)(ctx, request)
            : LoopbackSpeechServer.Bytes(audio.Mp3, "audio/mpeg")(ctx, request);
        await Attempt("voice_id_123456");
        await Attempt("openai:nova");

        // Failures whose bodies echo the key back.
        _server.Respond = (ctx, request) => request.Path.StartsWith("/v1/audio")
            ? LoopbackSpeechServer.Json($$"""{ "error": { "message": "bad key {{SpeechHost.OpenAiKey}}" } }""", 401)(ctx, request)
            : LoopbackSpeechServer.Json($$"""{ "detail": { "message": "bad key {{SpeechHost.ElevenLabsKey}}" } }""", 401)(ctx, request);
        await Attempt("voice_id_123456");
        await Attempt("openai:nova");
        await host.Catalog.ListAsync(CancellationToken.None);

        _server.Respond = async (ctx, _) => await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted);
        await Attempt("openai:nova");

        Assert.Equal(3, errors.Count);
        Assert.All(_server.Requests, r => Assert.True(
            r.Header("xi-api-key") == SpeechHost.ElevenLabsKey || r.Header("Authorization") == $"Bearer {SpeechHost.OpenAiKey}"));
        var logs = host.Logs.AllText;
        Assert.Contains("voice_id_123456", logs);
        Assert.Contains("/v1/audio/speech", logs);
        Assert.Contains("401", logs);
        Assert.Contains("xi-api-key: *", logs); // HttpClient logged the header, redacted
        Assert.DoesNotContain(SpeechHost.ElevenLabsKey, logs);
        Assert.DoesNotContain(SpeechHost.OpenAiKey, logs);
        Assert.All(errors, e => Assert.DoesNotContain(SpeechHost.ElevenLabsKey, e.ToString()));
        Assert.All(errors, e => Assert.DoesNotContain(SpeechHost.OpenAiKey, e.ToString()));
    }
}
