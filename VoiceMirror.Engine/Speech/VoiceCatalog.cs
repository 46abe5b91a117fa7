using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace VoiceMirror.Engine.Speech;

/// <summary>All voices of all configured providers; routes a voice id to the provider that owns it.</summary>
public sealed class VoiceCatalog(IEnumerable<ISpeechSynthesizer> providers, ILogger<VoiceCatalog>? logger = null)
{
    private readonly IReadOnlyList<ISpeechSynthesizer> _providers = providers.ToList();
    private readonly ILogger _logger = logger ?? NullLogger<VoiceCatalog>.Instance;

    public IReadOnlyList<ISpeechSynthesizer> Providers => _providers;

    /// <summary>True when some configured provider can clone voices.</summary>
    public bool CanClone => Cloner is not null;

    /// <summary>The provider new clones go to: the first configured one whose cloning is on.</summary>
    public IVoiceCloner? Cloner => _providers.OfType<IVoiceCloner>().FirstOrDefault(c => c.CanClone);

    /// <summary>Voices of every provider that answers; a cloud provider that is down is logged and left out,
    /// so the local voices stay usable.</summary>
    public async Task<IReadOnlyList<VoiceInfo>> ListAsync(CancellationToken ct)
    {
        var all = new List<VoiceInfo>();
        foreach (var provider in _providers)
        {
            try
            {
                all.AddRange(await provider.ListVoicesAsync(ct));
            }
            catch (EngineException e) when (e.Error == EngineError.VoiceProviderFailed)
            {
                _logger.LogWarning("Voices of {Provider} left out: {Reason}", provider.ProviderName, e.Message);
            }
        }
        return all;
    }

    /// <summary>The provider for <paramref name="voiceId"/> from what providers already know; null id means the first (default) provider.</summary>
    public ISpeechSynthesizer Resolve(string? voiceId)
    {
        if (string.IsNullOrWhiteSpace(voiceId)) return _providers[0];
        return _providers.FirstOrDefault(p => p.Owns(voiceId)) ?? throw Unknown(voiceId);
    }

    /// <summary>As <see cref="Resolve"/>, but on a miss asks every provider for its current voices first
    /// (a voice cloned elsewhere, or a cold cache). If a provider could not answer, its failure is reported
    /// rather than "unknown voice", since the voice may well be its.</summary>
    public async Task<ISpeechSynthesizer> ResolveAsync(string? voiceId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(voiceId)) return _providers[0];
        if (_providers.FirstOrDefault(p => p.Owns(voiceId)) is { } known) return known;

        EngineException? failure = null;
        foreach (var provider in _providers)
        {
            try
            {
                await provider.ListVoicesAsync(ct);
            }
            catch (EngineException e) when (e.Error == EngineError.VoiceProviderFailed)
            {
                failure ??= e;
            }
            if (provider.Owns(voiceId)) return provider;
        }
        throw failure ?? Unknown(voiceId);
    }

    public async Task<SynthesizedSpeech> SynthesizeAsync(string text, string? voiceId, string outputDirectory, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new EngineException(EngineError.EmptyText, "The text to speak is empty.");
        var voice = string.IsNullOrWhiteSpace(voiceId) ? null : voiceId;
        var provider = await ResolveAsync(voice, ct);
        return await provider.SynthesizeAsync(new SpeechRequest(text, voice), outputDirectory, ct);
    }

    /// <summary>Clones a voice at the first provider that can; none configured → VoiceCloningUnsupported.</summary>
    public Task<VoiceInfo> CloneAsync(string name, IReadOnlyList<string> samplePaths, CancellationToken ct) =>
        CloneAsync(name, samplePaths, null, ct);

    /// <summary>As above, with the speaker's consent recording for a provider that asks for one (<see cref="IVoiceCloner.ConsentPhrases"/>).</summary>
    public async Task<VoiceInfo> CloneAsync(string name, IReadOnlyList<string> samplePaths, ConsentRecording? consent, CancellationToken ct)
    {
        var cloner = Cloner
            ?? throw new EngineException(EngineError.VoiceCloningUnsupported,
                "Voice cloning is not available: no configured voice provider supports it (configure VoiceMirror:Voices:ElevenLabs:ApiKey, " +
                "or an OpenAI-compatible server with VoiceMirror:Voices:OpenAi:Cloning=true).");
        return await cloner.CloneAsync(name, samplePaths, consent, ct);
    }

    /// <summary>Deletes a cloned voice at the provider that holds it. Unknown id → UnknownVoice; a stock voice, or one
    /// whose provider cannot delete → VoiceNotDeletable. Returns the voice as it was listed.</summary>
    public async Task<VoiceInfo> DeleteAsync(string voiceId, CancellationToken ct)
    {
        var provider = await ResolveAsync(voiceId, ct);
        var voice = (await provider.ListVoicesAsync(ct)).FirstOrDefault(v => v.Id == voiceId) ?? throw Unknown(voiceId);
        if (!voice.IsCloned || provider is not IVoiceCloner cloner)
            throw new EngineException(EngineError.VoiceNotDeletable, $"Voice '{voiceId}' is not a cloned voice; only cloned voices can be deleted.")
            {
                Args = [voice.Name],
            };
        await cloner.DeleteAsync(voiceId, ct);
        return voice;
    }

    private static EngineException Unknown(string voiceId) =>
        new(EngineError.UnknownVoice, $"Unknown voice '{voiceId}'.");
}
