using System.Runtime.InteropServices;
using System.Text;
using CliWrap;

namespace VoiceMirror.Engine.Audio;

/// <summary>Decodes any audio FFmpeg can read into 16 kHz mono float samples, the rate Wav2Lip's mel expects.</summary>
public sealed class AudioDecoder(EngineOptions options)
{
    public const int SampleRate = 16000;

    /// <summary>Peak below which a clip counts as silence (about -80 dBFS, a few int16 steps).</summary>
    internal const float SilencePeak = 1e-4f;

    /// <summary>Decodes <paramref name="path"/> to samples in [-1, 1].</summary>
    /// <exception cref="EngineException">CorruptAudio, EmptyAudio or SilentAudio.</exception>
    public async Task<float[]> DecodeAsync(string path, CancellationToken ct)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
            throw new EngineException(EngineError.CorruptAudio, $"Audio file '{path}' does not exist.");

        // Only a regular file with a header's worth of bytes: a FIFO reports 0 and must be read by ffmpeg as a stream.
        if (file.Length >= 44 && PcmWavReader.TryRead(file.FullName) is { } pcm)
        {
            if (pcm.Length == 0) throw new EngineException(EngineError.EmptyAudio, $"Audio file '{path}' contains no samples.");
            if (ClampAndPeak(pcm) < SilencePeak) throw new EngineException(EngineError.SilentAudio, $"Audio file '{path}' is silent.");
            return pcm;
        }

        var samples = new SampleBuffer();
        var errors = new StringBuilder();
        CommandResult result;
        try
        {
            result = await Ffmpeg.Command(options.FfmpegDirectory, Arguments(file.FullName), errors)
                .WithStandardOutputPipe(PipeTarget.Create(samples.ReadAllAsync))
                .ExecuteAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (Ffmpeg.IsStartFailure(e))
        {
            throw new EngineException(EngineError.CorruptAudio, $"ffmpeg could not be started: {e.Message}", e);
        }

        // Length is checked only after ffmpeg failed: a pipe or FIFO reports 0 bytes yet may carry audio.
        if (result.ExitCode != 0 && new FileInfo(file.FullName).Length == 0)
            throw new EngineException(EngineError.EmptyAudio, $"Audio file '{path}' is empty.");
        if (result.ExitCode != 0)
            throw new EngineException(EngineError.CorruptAudio,
                $"ffmpeg cannot read '{path}' (exit {result.ExitCode}): {Ffmpeg.Tail(errors)}");
        var decoded = samples.ToArray();
        if (decoded.Length == 0)
            throw new EngineException(EngineError.EmptyAudio, $"Audio file '{path}' contains no samples.");
        if (ClampAndPeak(decoded) < SilencePeak)
            throw new EngineException(EngineError.SilentAudio, $"Audio file '{path}' is silent.");
        return decoded;
    }

    /// <summary>ffmpeg arguments: the "file:" prefix stops a path from being taken as a protocol or option.</summary>
    internal static IEnumerable<string> Arguments(string fullPath) =>
    [
        "-nostdin", "-hide_banner", "-loglevel", "error",
        "-i", "file:" + fullPath,
        "-vn", "-ac", "1", "-ar", SampleRate.ToString(),
        "-f", "f32le", "-acodec", "pcm_f32le", "pipe:1",
    ];

    /// <summary>Clamps resampler overshoot into [-1, 1] and returns the absolute peak.</summary>
    internal static float ClampAndPeak(Span<float> samples)
    {
        var peak = 0f;
        for (var i = 0; i < samples.Length; i++)
        {
            var s = Math.Clamp(samples[i], -1f, 1f);
            samples[i] = s;
            peak = Math.Max(peak, Math.Abs(s));
        }
        return peak;
    }

    /// <summary>Grows as f32le bytes stream in; keeps a partial sample between reads.</summary>
    private sealed class SampleBuffer
    {
        private float[] _samples = new float[SampleRate * 10];
        private int _count;

        public async Task ReadAllAsync(Stream stdout, CancellationToken ct)
        {
            var bytes = new byte[1 << 16];
            var pending = 0;
            int read;
            while ((read = await stdout.ReadAsync(bytes.AsMemory(pending), ct)) > 0)
            {
                pending += read;
                var whole = pending / sizeof(float) * sizeof(float);
                Append(MemoryMarshal.Cast<byte, float>(bytes.AsSpan(0, whole)));
                bytes.AsSpan(whole, pending - whole).CopyTo(bytes);
                pending -= whole;
            }
        }

        public float[] ToArray() => _samples.AsSpan(0, _count).ToArray();

        private void Append(ReadOnlySpan<float> chunk)
        {
            if (_count + chunk.Length > _samples.Length)
                Array.Resize(ref _samples, Math.Max(_samples.Length * 2, _count + chunk.Length));
            chunk.CopyTo(_samples.AsSpan(_count));
            _count += chunk.Length;
        }
    }
}
