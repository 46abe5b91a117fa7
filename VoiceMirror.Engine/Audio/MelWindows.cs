namespace VoiceMirror.Engine.Audio;

/// <summary>
/// Maps video frames to the 16-column mel windows Wav2Lip takes as audio input: the mel runs at
/// 80 columns per second (16 kHz / hop 200), so frame i of a video at fps starts at column 80·i/fps.
/// </summary>
public static class MelWindows
{
    public const int WindowColumns = 16;
    public const int Bands = MelSpectrogram.MelBands;
    private const double MelColumnsPerSecond = (double)MelSpectrogram.SampleRate / MelSpectrogram.Hop;

    /// <summary>Video frames for the audio: it lasts as long as the audio ±1 frame, and has at least one.</summary>
    public static int FrameCount(int sampleCount, int fps) =>
        Math.Max(1, (int)Math.Round(sampleCount / (double)MelSpectrogram.SampleRate * fps));

    /// <summary>
    /// First mel column of frame <paramref name="frameIndex"/>; windows that would run past the end are pulled
    /// back to the final 16 columns, and a mel shorter than 16 columns starts at 0.
    /// </summary>
    public static int WindowStart(int frameIndex, int melFrames, int fps) =>
        Math.Max(0, Math.Min((int)(frameIndex * MelColumnsPerSecond / fps), melFrames - WindowColumns));

    /// <summary>
    /// Writes the 80x16 window of frame <paramref name="frameIndex"/> row-major [bin][column] into
    /// <paramref name="dest"/> (the model's [1, 80, 16] layout). Columns past the mel's end repeat its last column.
    /// </summary>
    public static void CopyWindow(float[,] mel, int frameIndex, int fps, Span<float> dest)
    {
        if (dest.Length < Bands * WindowColumns)
            throw new ArgumentException($"Destination needs {Bands * WindowColumns} floats.", nameof(dest));
        if (mel.GetLength(0) != Bands)
            throw new ArgumentException($"Mel must have {Bands} bands.", nameof(mel));

        var melFrames = mel.GetLength(1);
        var start = WindowStart(frameIndex, melFrames, fps);
        for (var b = 0; b < Bands; b++)
        for (var c = 0; c < WindowColumns; c++)
            dest[b * WindowColumns + c] = mel[b, Math.Min(start + c, melFrames - 1)];
    }
}
