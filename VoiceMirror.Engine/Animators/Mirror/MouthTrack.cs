using VoiceMirror.Engine.Animators.Mirror.Visemes;
using VoiceMirror.Engine.Speech;

namespace VoiceMirror.Engine.Animators.Mirror;

/// <summary>What the mouth does in each video frame (frame i is at i / fps seconds).</summary>
public static class MouthTrack
{
    /// <summary>
    /// Mouth poses from espeak-ng phonemes (their mnemonics and start times), with coarticulation: targets blend into
    /// each other, anticipating the next sound, while п/б/м close the lips fully (Open = 0 on at least one frame of each)
    /// and pauses close them within 60 ms and keep them closed to their end, as do the time before the first phoneme
    /// and after the audio.
    /// </summary>
    /// <param name="phonemes">Phoneme marks in time order; the last one lasts until <paramref name="audioSeconds"/>.</param>
    /// <param name="language">"ru", "en" or a tag starting with one (e.g. "en-us"); picks the reading of a few shared names.</param>
    public static MouthPose[] FromPhonemes(IReadOnlyList<PhonemeMark> phonemes, string? language, double audioSeconds, int frameCount, int fps) =>
        PhonemeCoarticulation.Track(phonemes, language, audioSeconds, frameCount, fps);

    /// <summary>
    /// Mouth poses from the Wav2Lip mel [80, columns] (one column per 12.5 ms) for voices without phonemes: openness
    /// from speech-band loudness against the clip's loud level (95th percentile), exactly 0 for anything 30 dB below it
    /// once the quiet lasts more than 40 ms; a modest spread/round estimate (±0.5) from the F2/F1 band balance;
    /// centred smoothing, so no lag.
    /// </summary>
    public static MouthPose[] FromMel(float[,] mel, int frameCount, int fps) => MelMouth.Track(mel, frameCount, fps);
}
