using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoiceMirror.Engine.Speech;

namespace VoiceMirror.Tests.Engine.Speech;

/// <summary>The real registration (<see cref="SpeechServiceCollectionExtensions.AddSpeechProviders"/>) over in-memory
/// settings, with every log line of every category (HttpClient's own included) captured.</summary>
public sealed class SpeechHost : IDisposable
{
    public const string ElevenLabsKey = "xi-test-key-7f3a9c21e5b84d06";
    public const string OpenAiKey = "sk-test-key-41d2b9e07a6c4f58";

    public SpeechHost(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddOptions();
        services.AddSpeechProviders(configuration);
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public CapturingLoggerProvider Logs { get; } = new();
    public ServiceProvider Services { get; }
    public VoiceCatalog Catalog => Services.GetRequiredService<VoiceCatalog>();
    public T Provider<T>() where T : ISpeechSynthesizer => Services.GetServices<ISpeechSynthesizer>().OfType<T>().Single();

    public static Dictionary<string, string?> ElevenLabs(string baseUrl, int timeoutSeconds = 10) => new()
    {
        ["VoiceMirror:Voices:ElevenLabs:ApiKey"] = ElevenLabsKey,
        ["VoiceMirror:Voices:ElevenLabs:BaseUrl"] = baseUrl,
        ["VoiceMirror:Voices:ElevenLabs:TimeoutSeconds"] = timeoutSeconds.ToString(),
    };

    public static Dictionary<string, string?> OpenAi(string baseUrl, string? apiKey = OpenAiKey, int timeoutSeconds = 10) => new()
    {
        ["VoiceMirror:Voices:OpenAi:BaseUrl"] = baseUrl,
        ["VoiceMirror:Voices:OpenAi:ApiKey"] = apiKey,
        ["VoiceMirror:Voices:OpenAi:Voices:0"] = "alloy",
        ["VoiceMirror:Voices:OpenAi:Voices:1"] = "nova",
        ["VoiceMirror:Voices:OpenAi:TimeoutSeconds"] = timeoutSeconds.ToString(),
    };

    public const string ConsentPhraseEn = "I consent to this test creating a synthetic copy of my voice.";
    public const string ConsentPhraseRu = "Я согласен, чтобы этот тест создал синтетическую копию моего голоса.";

    /// <summary>An OpenAI-compatible server that clones, with two consent phrases; cloned voices are kept in <paramref name="clonedVoicesFile"/>.</summary>
    public static Dictionary<string, string?> OpenAiCloning(string baseUrl, string clonedVoicesFile)
    {
        var settings = OpenAi(baseUrl);
        settings["VoiceMirror:Voices:OpenAi:Cloning"] = "true";
        settings["VoiceMirror:Voices:OpenAi:ConsentPhrases:ru-RU"] = ConsentPhraseRu;
        settings["VoiceMirror:Voices:OpenAi:ConsentPhrases:en-US"] = ConsentPhraseEn;
        settings["VoiceMirror:Voices:OpenAi:ClonedVoicesFile"] = clonedVoicesFile;
        return settings;
    }

    public static Dictionary<string, string?> Merge(params Dictionary<string, string?>[] parts) =>
        parts.SelectMany(p => p).ToDictionary(p => p.Key, p => p.Value);

    public void Dispose() => Services.Dispose();
}
