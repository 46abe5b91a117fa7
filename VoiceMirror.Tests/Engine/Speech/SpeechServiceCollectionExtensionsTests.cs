using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VoiceMirror.Engine.Speech;

namespace VoiceMirror.Tests.Engine.Speech;

public sealed class SpeechServiceCollectionExtensionsTests
{
    private static void ValidateAtStart(SpeechHost host) => host.Services.GetService<IStartupValidator>()?.Validate();

    [Fact]
    public void OnlyLocalEspeakIsRegisteredUntilACloudProviderIsConfigured()
    {
        using var host = new SpeechHost(new Dictionary<string, string?>
        {
            ["VoiceMirror:Voices:ElevenLabs:BaseUrl"] = "not a url",
            ["VoiceMirror:Voices:OpenAi:Model"] = "tts-1-hd",
        });
        ValidateAtStart(host);

        Assert.IsType<EspeakSynthesizer>(Assert.Single(host.Catalog.Providers));
        Assert.Empty(host.Services.GetServices<IVoiceCloner>());
        Assert.False(host.Catalog.CanClone);
    }

    [Fact]
    public void EspeakComesFirstThenConfiguredProvidersAndElevenLabsIsAlsoTheCloner()
    {
        using var host = new SpeechHost(SpeechHost.Merge(SpeechHost.ElevenLabs("http://127.0.0.1:9"), SpeechHost.OpenAi("http://127.0.0.1:9")));
        ValidateAtStart(host);

        Assert.Equal(["espeak", "elevenlabs", "openai"], host.Catalog.Providers.Select(p => p.ProviderName));
        Assert.Same(host.Provider<ElevenLabsSynthesizer>(), host.Services.GetRequiredService<IVoiceCloner>());
    }

    [Theory]
    [InlineData("VoiceMirror:Voices:ElevenLabs:BaseUrl", "ftp://example.com", "VoiceMirror:Voices:ElevenLabs:BaseUrl must be an absolute http(s) URL")]
    [InlineData("VoiceMirror:Voices:ElevenLabs:OutputFormat", "pcm_16000", "OutputFormat must be an mp3_* format")]
    [InlineData("VoiceMirror:Voices:ElevenLabs:TimeoutSeconds", "0", "TimeoutSeconds")]
    public void BadElevenLabsSettingsFailAtStartNamingTheSetting(string key, string value, string expected)
    {
        var settings = SpeechHost.ElevenLabs("https://api.elevenlabs.io");
        settings[key] = value;
        using var host = new SpeechHost(settings);

        var error = Assert.Throws<OptionsValidationException>(() => ValidateAtStart(host));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain(SpeechHost.ElevenLabsKey, error.Message);
    }

    [Theory]
    [InlineData("VoiceMirror:Voices:OpenAi:BaseUrl", "localhost:8880", "VoiceMirror:Voices:OpenAi:BaseUrl must be an absolute http(s) URL")]
    [InlineData("VoiceMirror:Voices:OpenAi:ResponseFormat", "pcm", "ResponseFormat must be one of mp3, wav, opus, aac, flac")]
    [InlineData("VoiceMirror:Voices:OpenAi:Voices:2", " ", "Voices must hold voice names without blanks")]
    [InlineData("VoiceMirror:Voices:OpenAi:Cloning", "true", "VoiceMirror:Voices:OpenAi:Cloning needs VoiceMirror:Voices:OpenAi:ConsentPhrases")]
    public void BadOpenAiSettingsFailAtStartNamingTheSetting(string key, string value, string expected)
    {
        var settings = SpeechHost.OpenAi("http://127.0.0.1:8880");
        settings[key] = value;
        using var host = new SpeechHost(settings);

        var error = Assert.Throws<OptionsValidationException>(() => ValidateAtStart(host));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task OpenAiWithoutConfiguredVoicesOffersTheStandardOnes()
    {
        using var host = new SpeechHost(new Dictionary<string, string?> { ["VoiceMirror:Voices:OpenAi:BaseUrl"] = "http://127.0.0.1:9" });

        var voices = await host.Provider<OpenAiCompatibleSynthesizer>().ListVoicesAsync(CancellationToken.None);

        Assert.Equal(["openai:alloy", "openai:echo", "openai:fable", "openai:onyx", "openai:nova", "openai:shimmer"], voices.Select(v => v.Id));
    }
}
