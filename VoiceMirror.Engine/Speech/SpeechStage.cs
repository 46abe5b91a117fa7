using VoiceMirror.Engine.Audio;

namespace VoiceMirror.Engine.Speech;

/// <summary>A voice resolved once: the provider that speaks it and the id the request named (null: the default voice).</summary>
public sealed record ChosenVoice(ISpeechSynthesizer Provider, string? VoiceId);

/// <summary>
/// Speech as a render and its listeners need it, in a work folder: <see cref="SpeechPath"/> as the provider made it
/// (what the render reads, so nothing lossy stands between the voice and the lips), <see cref="Mp3Path"/> for the
/// audio URL, and the phonemes with their times where the provider tells them.
/// </summary>
public sealed record SpokenText(string SpeechPath, string Mp3Path, IReadOnlyList<PhonemeMark>? Phonemes, string VoiceId);

/// <summary>The first stage of a render: text and voice to speech files. The voice is resolved once, by
/// <see cref="ChooseAsync"/>, before anything is spoken, so a request with an unknown voice costs nothing.</summary>
public sealed class SpeechStage(VoiceCatalog voices, EngineOptions options)
{
    /// <exception cref="EngineException">UnknownVoice, or VoiceProviderFailed when the provider that may own it cannot answer.</exception>
    public async Task<ChosenVoice> ChooseAsync(string? voiceId, CancellationToken ct)
    {
        var id = string.IsNullOrWhiteSpace(voiceId) ? null : voiceId.Trim();
        return new ChosenVoice(await voices.ResolveAsync(id, ct).ConfigureAwait(false), id);
    }

    /// <summary>Speaks <paramref name="text"/> into <paramref name="workDirectory"/> and encodes the MP3 beside it.</summary>
    /// <exception cref="EngineException">EmptyText, TextTooLong, SpeechFailed, VoiceProviderFailed, EncodingFailed.</exception>
    public async Task<SpokenText> SpeakAsync(ChosenVoice voice, string text, string workDirectory, CancellationToken ct)
    {
        var speech = await voice.Provider.SynthesizeAsync(new SpeechRequest(text, voice.VoiceId), workDirectory, ct).ConfigureAwait(false);
        var mp3 = Path.Combine(workDirectory, "speech.mp3");
        await AudioEncoder.ToMp3Async(speech.AudioPath, mp3, options.FfmpegDirectory, ct).ConfigureAwait(false);
        return new SpokenText(speech.AudioPath, mp3, speech.Phonemes, speech.VoiceId);
    }
}
