namespace VoiceMirror.Engine.Speech;

/// <summary>All voices of all configured providers; routes a voice id to the provider that owns it.</summary>
public sealed class VoiceCatalog(IEnumerable<ISpeechSynthesizer> providers)
{
    private readonly IReadOnlyList<ISpeechSynthesizer> _providers = providers.ToList();

    public IReadOnlyList<ISpeechSynthesizer> Providers => _providers;

    public async Task<IReadOnlyList<VoiceInfo>> ListAsync(CancellationToken ct)
    {
        var all = new List<VoiceInfo>();
        foreach (var provider in _providers)
            all.AddRange(await provider.ListVoicesAsync(ct));
        return all;
    }

    /// <summary>The provider for <paramref name="voiceId"/>; null id means the first (default) provider.</summary>
    public ISpeechSynthesizer Resolve(string? voiceId)
    {
        if (string.IsNullOrWhiteSpace(voiceId)) return _providers[0];
        return _providers.FirstOrDefault(p => p.Owns(voiceId))
            ?? throw new EngineException(EngineError.UnknownVoice, $"Unknown voice '{voiceId}'.");
    }

    public Task<SynthesizedSpeech> SynthesizeAsync(string text, string? voiceId, string outputDirectory, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new EngineException(EngineError.EmptyText, "The text to speak is empty.");
        var voice = string.IsNullOrWhiteSpace(voiceId) ? null : voiceId;
        return Resolve(voice).SynthesizeAsync(new SpeechRequest(text, voice), outputDirectory, ct);
    }
}
