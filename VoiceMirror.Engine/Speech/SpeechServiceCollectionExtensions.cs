using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VoiceMirror.Engine.Speech;

public static class SpeechServiceCollectionExtensions
{
    internal const string ElevenLabsClient = "VoiceMirror.ElevenLabs";
    internal const string OpenAiClient = "VoiceMirror.OpenAiSpeech";

    /// <summary>Registers the speech providers in routing order — local espeak-ng first (the default voice),
    /// then ElevenLabs when <c>VoiceMirror:Voices:ElevenLabs:ApiKey</c> is set, then an OpenAI-compatible server
    /// when <c>VoiceMirror:Voices:OpenAi:BaseUrl</c> is set — and the <see cref="VoiceCatalog"/> over them.
    /// Settings of enabled providers are validated at start.</summary>
    public static IServiceCollection AddSpeechProviders(this IServiceCollection services, IConfiguration configuration)
    {
        // Engine options are bound and validated by AddVoiceMirrorEngine; AddOptions only makes IOptions resolvable on its own.
        services.AddOptions<EngineOptions>();
        services.AddSingleton<ISpeechSynthesizer>(sp => new EspeakSynthesizer(
            sp.GetRequiredService<IOptions<EngineOptions>>().Value, sp.GetService<ILogger<EspeakSynthesizer>>()));

        var elevenLabs = configuration.GetSection(ElevenLabsOptions.Section);
        if (!string.IsNullOrWhiteSpace(elevenLabs[nameof(ElevenLabsOptions.ApiKey)]))
        {
            services.AddOptions<ElevenLabsOptions>().Bind(elevenLabs).ValidateDataAnnotations()
                .Validate(o => IsHttpUrl(o.BaseUrl), $"{ElevenLabsOptions.Section}:BaseUrl must be an absolute http(s) URL.")
                .Validate(o => o.OutputFormat.StartsWith("mp3_", StringComparison.Ordinal),
                    $"{ElevenLabsOptions.Section}:OutputFormat must be an mp3_* format such as mp3_44100_128.")
                .ValidateOnStart();
            AddClient(services, ElevenLabsClient, sp => sp.GetRequiredService<IOptions<ElevenLabsOptions>>().Value.TimeoutSeconds);
            services.AddSingleton(sp => new ElevenLabsSynthesizer(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(ElevenLabsClient),
                sp.GetRequiredService<IOptions<ElevenLabsOptions>>().Value,
                sp.GetRequiredService<ILogger<ElevenLabsSynthesizer>>()));
            services.AddSingleton<ISpeechSynthesizer>(sp => sp.GetRequiredService<ElevenLabsSynthesizer>());
            services.AddSingleton<IVoiceCloner>(sp => sp.GetRequiredService<ElevenLabsSynthesizer>());
        }

        var openAi = configuration.GetSection(OpenAiSpeechOptions.Section);
        if (!string.IsNullOrWhiteSpace(openAi[nameof(OpenAiSpeechOptions.BaseUrl)]))
        {
            services.AddOptions<OpenAiSpeechOptions>().Bind(openAi).ValidateDataAnnotations()
                .Validate(o => IsHttpUrl(o.BaseUrl), $"{OpenAiSpeechOptions.Section}:BaseUrl must be an absolute http(s) URL (the server root, without /v1).")
                .Validate(o => OpenAiSpeechOptions.SupportedFormats.Contains(o.ResponseFormat),
                    $"{OpenAiSpeechOptions.Section}:ResponseFormat must be one of {string.Join(", ", OpenAiSpeechOptions.SupportedFormats)}.")
                .Validate(o => o.Voices.All(v => !string.IsNullOrWhiteSpace(v) && v.Trim() == v),
                    $"{OpenAiSpeechOptions.Section}:Voices must hold voice names without blanks.")
                .ValidateOnStart();
            AddClient(services, OpenAiClient, sp => sp.GetRequiredService<IOptions<OpenAiSpeechOptions>>().Value.TimeoutSeconds);
            services.AddSingleton<ISpeechSynthesizer>(sp => new OpenAiCompatibleSynthesizer(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(OpenAiClient),
                sp.GetRequiredService<IOptions<OpenAiSpeechOptions>>().Value,
                sp.GetRequiredService<ILogger<OpenAiCompatibleSynthesizer>>()));
        }

        services.AddSingleton<VoiceCatalog>();
        return services;
    }

    /// <summary>The providers are singletons holding one client for their lifetime, so the handler is never
    /// recycled by the factory; pooled connections are recycled instead, which keeps DNS changes visible.</summary>
    private static void AddClient(IServiceCollection services, string name, Func<IServiceProvider, int> timeoutSeconds) =>
        services.AddHttpClient(name, (sp, client) =>
            {
                client.Timeout = TimeSpan.FromSeconds(timeoutSeconds(sp));
                client.MaxResponseContentBufferSize = 64 * 1024 * 1024;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RedactLoggedHeaders(_ => true);

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
