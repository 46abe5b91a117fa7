namespace VoiceMirror.Engine.Speech;

/// <summary>A provider that can create a new voice from recordings of a speaker (who consented to it).</summary>
public interface IVoiceCloner
{
    /// <summary>False while the provider is configured but its cloning is switched off.</summary>
    bool CanClone { get; }

    /// <summary>Phrases the speaker must read aloud as a separate consent recording, by BCP 47 language tag;
    /// empty when the provider needs no such recording.</summary>
    IReadOnlyDictionary<string, string> ConsentPhrases { get; }

    /// <summary>Creates the voice from the audio files at <paramref name="samplePaths"/>; the result is immediately usable as a voiceId.
    /// <paramref name="consent"/> is required when <see cref="ConsentPhrases"/> is not empty, and ignored otherwise.</summary>
    Task<VoiceInfo> CloneAsync(string name, IReadOnlyList<string> samplePaths, ConsentRecording? consent, CancellationToken ct);

    /// <summary>Deletes a voice this provider cloned; afterwards its id is no longer listed or usable.</summary>
    Task DeleteAsync(string voiceId, CancellationToken ct);
}

/// <summary>An audio file of the speaker reading the consent phrase of <paramref name="Language"/> (a key of
/// <see cref="IVoiceCloner.ConsentPhrases"/>).</summary>
public sealed record ConsentRecording(string Path, string Language);
