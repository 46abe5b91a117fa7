namespace VoiceMirror.Engine.Speech.Espeak;

/// <summary>Canonical PCM WAV (44-byte header, 16-bit, mono), the format espeak-ng's CLI writes.</summary>
internal static class Pcm16Wav
{
    public static void Write(string path, ReadOnlySpan<short> samples, int sampleRate)
    {
        using var stream = File.Create(path);
        using var w = new BinaryWriter(stream);
        var dataBytes = samples.Length * 2;
        w.Write("RIFF"u8); w.Write(36 + dataBytes); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1);
        w.Write(sampleRate); w.Write(sampleRate * 2); w.Write((short)2); w.Write((short)16);
        w.Write("data"u8); w.Write(dataBytes);
        foreach (var s in samples) w.Write(s);
    }
}
