namespace VoiceMirror.Engine.Speech;

/// <summary>A provider that can create a new voice from recordings of a speaker (who consented to it).</summary>
public interface IVoiceCloner
{
    /// <summary>Creates the voice from the audio files at <paramref name="samplePaths"/>; the result is immediately usable as a voiceId.</summary>
    Task<VoiceInfo> CloneAsync(string name, IReadOnlyList<string> samplePaths, CancellationToken ct);

    /// <summary>Deletes a voice this provider cloned; afterwards its id is no longer listed or usable.</summary>
    Task DeleteAsync(string voiceId, CancellationToken ct);
}
