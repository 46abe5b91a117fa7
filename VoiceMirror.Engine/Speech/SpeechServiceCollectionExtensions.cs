using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Http.Resilience;
using Polly;
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
    /// when <c>VoiceMirror:Voices:OpenAi:BaseUrl</c> is set (cloning with it when <c>VoiceMirror:Voices:OpenAi:Cloning</c> is true) — and the <see cref="VoiceCatalog"/> over them.
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
            AddClient(services, ElevenLabsClient, elevenLabs.GetValue(nameof(ElevenLabsOptions.TimeoutSeconds), new ElevenLabsOptions().TimeoutSeconds));
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
                .Validate(o => !o.Cloning || (o.ConsentPhrases.Count > 0 && o.ConsentPhrases.All(p => !string.IsNullOrWhiteSpace(p.Key) && !string.IsNullOrWhiteSpace(p.Value))),
                    $"{OpenAiSpeechOptions.Section}:Cloning needs {OpenAiSpeechOptions.Section}:ConsentPhrases: the exact consent phrase per language tag " +
                    "(e.g. ConsentPhrases:en-US), copied from the server's documentation.")
                .Validate(o => !o.Cloning || !string.IsNullOrWhiteSpace(o.ClonedVoicesFile),
                    $"{OpenAiSpeechOptions.Section}:Cloning needs {OpenAiSpeechOptions.Section}:ClonedVoicesFile (where cloned voices are remembered).")
                .ValidateOnStart();
            AddClient(services, OpenAiClient, openAi.GetValue(nameof(OpenAiSpeechOptions.TimeoutSeconds), new OpenAiSpeechOptions().TimeoutSeconds));
            services.AddSingleton(sp => new OpenAiCompatibleSynthesizer(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(OpenAiClient),
                sp.GetRequiredService<IOptions<OpenAiSpeechOptions>>().Value,
                sp.GetRequiredService<ILogger<OpenAiCompatibleSynthesizer>>(),
                new Audio.AudioDecoder(sp.GetRequiredService<IOptions<EngineOptions>>().Value)));
            services.AddSingleton<ISpeechSynthesizer>(sp => sp.GetRequiredService<OpenAiCompatibleSynthesizer>());
            if (openAi.GetValue<bool>(nameof(OpenAiSpeechOptions.Cloning)))
                services.AddSingleton<IVoiceCloner>(sp => sp.GetRequiredService<OpenAiCompatibleSynthesizer>());
        }

        services.AddSingleton<VoiceCatalog>();
        services.AddSingleton(sp => new SpeechStage(sp.GetRequiredService<VoiceCatalog>(), sp.GetRequiredService<IOptions<EngineOptions>>().Value));
        return services;
    }

    /// <summary>The providers are singletons holding one client for their lifetime, so the handler is never
    /// recycled by the factory; pooled connections are recycled instead, which keeps DNS changes visible.
    /// The standard resilience handler owns time: the whole call (retries included) and one attempt may each take
    /// the provider's TimeoutSeconds, so quick transient failures (5xx, 429, refused connections) are retried twice
    /// within that budget while a slow answer is never cut short to make room for a retry. A clone upload
    /// (multipart) is not retried: its sample streams cannot be sent twice, and a second clone would be a duplicate voice.</summary>
    // The timeout is read from the section as bound, not from the validated options: a bad value is reported once,
    // by the provider's own validation, rather than also as a resilience-options failure.
    private static void AddClient(IServiceCollection services, string name, int timeoutSeconds) =>
        services.AddHttpClient(name, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.MaxResponseContentBufferSize = 64 * 1024 * 1024;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RedactLoggedHeaders(_ => true)
            .AddStandardResilienceHandler()
            .Configure(options =>
            {
                var timeout = TimeSpan.FromSeconds(Math.Clamp(timeoutSeconds, 1, 600));
                options.TotalRequestTimeout.Timeout = timeout;
                options.AttemptTimeout.Timeout = timeout;
                options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, 2 * timeout.TotalSeconds));
                options.Retry.MaxRetryAttempts = 2;
                options.Retry.Delay = TimeSpan.FromMilliseconds(500);
                var transient = options.Retry.ShouldHandle;
                options.Retry.ShouldHandle = args => args.Context.GetRequestMessage()?.Content is MultipartContent
                    ? PredicateResult.False()
                    : transient(args);
            });

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
