namespace VoiceMirror.Engine.Speech;

/// <summary>A voice a provider can speak with. <see cref="Id"/> is what API clients pass as voiceId.</summary>
public sealed record VoiceInfo(string Id, string Name, string Language, string Gender, string Provider, bool IsCloned = false);

/// <summary>Text to speak; <see cref="VoiceId"/> null means the provider's default (chosen from the text's script for espeak-ng).</summary>
public sealed record SpeechRequest(string Text, string? VoiceId)
{
    /// <summary>Refuses text a provider cannot speak: empty, or longer than <paramref name="maxLength"/> characters.</summary>
    /// <exception cref="EngineException">EmptyText, TextTooLong.</exception>
    public void EnsureSpeakable(string provider, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(Text))
            throw new EngineException(EngineError.EmptyText, "The text to speak is empty.");
        if (Text.Length > maxLength)
            throw new EngineException(EngineError.TextTooLong,
                $"The text has {Text.Length} characters; {provider} accepts at most {maxLength}.");
    }
}

/// <summary>
/// Audio written by a provider, in whatever container it produced (WAV, MP3…). <see cref="Phonemes"/> is set only by
/// providers that know what they spoke (espeak-ng through its library); they also save it beside the audio
/// (<see cref="PhonemeMarks.PathBeside"/>).
/// </summary>
public sealed record SynthesizedSpeech(string AudioPath, string VoiceId)
{
    public IReadOnlyList<PhonemeMark>? Phonemes { get; init; }
}

/// <summary>A text-to-speech provider: local espeak-ng, ElevenLabs, an OpenAI-compatible server.</summary>
public interface ISpeechSynthesizer
{
    /// <summary>Short provider key, also the prefix of its voice ids where ids could clash (e.g. "espeak").</summary>
    string ProviderName { get; }

    Task<IReadOnlyList<VoiceInfo>> ListVoicesAsync(CancellationToken ct);

    /// <summary>True when <paramref name="voiceId"/> belongs to this provider.</summary>
    bool Owns(string voiceId);

    /// <summary>Writes speech into <paramref name="outputDirectory"/>; the file name is generated.</summary>
    Task<SynthesizedSpeech> SynthesizeAsync(SpeechRequest request, string outputDirectory, CancellationToken ct);
}
