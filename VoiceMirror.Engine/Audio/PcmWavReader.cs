using System.Buffers.Binary;

namespace VoiceMirror.Engine.Audio;

/// <summary>
/// Reads the one WAV layout the renders mostly get (espeak-ng's speech: PCM 16-bit, mono, 16 kHz) without starting
/// ffmpeg, whose start alone costs a single render about a fifth of a second. Samples are s / 32768, the conversion
/// ffmpeg's pcm_s16le → f32le applies, so the mel is the same either way. Anything else is left to ffmpeg.
/// </summary>
internal static class PcmWavReader
{
    /// <summary>The samples, or null when the file is not a plain 16 kHz mono PCM16 WAV.</summary>
    public static float[]? TryRead(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var span = bytes.AsSpan();
        if (span.Length < 12 || !span[..4].SequenceEqual("RIFF"u8) || !span[8..12].SequenceEqual("WAVE"u8)) return null;
        var formatOk = false;
        for (var at = 12; at + 8 <= span.Length;)
        {
            var id = span.Slice(at, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(span.Slice(at + 4, 4));
            if (size < 0 || at + 8 + (long)size > span.Length) return null;
            var body = span.Slice(at + 8, size);
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16) return null;
                formatOk = BinaryPrimitives.ReadInt16LittleEndian(body) == 1          // PCM
                    && BinaryPrimitives.ReadInt16LittleEndian(body[2..]) == 1         // mono
                    && BinaryPrimitives.ReadInt32LittleEndian(body[4..]) == AudioDecoder.SampleRate
                    && BinaryPrimitives.ReadInt16LittleEndian(body[14..]) == 16;
                if (!formatOk) return null;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (!formatOk) return null;
                var samples = new float[size / 2];
                for (var i = 0; i < samples.Length; i++)
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(body[(2 * i)..]) / 32768f;
                return samples;
            }
            at += 8 + size + (size & 1); // chunks are padded to an even length
        }
        return null;
    }
}
