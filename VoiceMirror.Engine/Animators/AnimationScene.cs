using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VoiceMirror.Engine.Speech;
using VoiceMirror.Engine.Vision;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Engine.Animators;

/// <summary>
/// What every animator gets: the photo framed to the output size, the face in it (box and, when the mesh model is
/// installed, its 468 landmarks in the same pixel coordinates), and the speech.
/// </summary>
public sealed record AnimationScene(
    Image<Rgb24> BaseFrame,
    FaceBox Face,
    FaceLandmarks? Landmarks,
    SpeechTrack Speech,
    int FrameCount,
    int Fps);

/// <summary>
/// The speech as the animators see it: 16 kHz mono samples, the Wav2Lip mel spectrogram of them (80 x columns),
/// and, for espeak-ng voices, the phonemes with their start times in seconds (null for any other voice).
/// </summary>
public sealed record SpeechTrack(float[] Samples, float[,] Mel, IReadOnlyList<PhonemeMark>? Phonemes, string? Language)
{
    public double Seconds => Samples.Length / (double)Audio.AudioDecoder.SampleRate;
}
