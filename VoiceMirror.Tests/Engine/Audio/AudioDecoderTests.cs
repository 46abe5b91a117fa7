using System.Text;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Audio;

namespace VoiceMirror.Tests.Engine.Audio;

public sealed class AudioDecoderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly AudioDecoder _decoder = new(new EngineOptions());

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Int16WavDecodesToTheSameSamplesAsReadingItDirectly()
    {
        var decoded = await _decoder.DecodeAsync(AudioTestFiles.SpeechWav, CancellationToken.None);

        var direct = AudioTestFiles.ReadPcm16Wav(AudioTestFiles.SpeechWav);
        Assert.Equal(direct.Length, decoded.Length);
        Assert.Equal(direct, decoded);
    }

    [Fact]
    public async Task StereoMp3At44kIsResampledToSixteenKilohertzMono()
    {
        var mp3 = _dir.File("tone.mp3");
        await AudioTestFiles.FfmpegAsync("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=3",
            "-ac", "2", "-c:a", "libmp3lame", mp3);

        var samples = await _decoder.DecodeAsync(mp3, CancellationToken.None);

        Assert.InRange(samples.Length / 16000.0, 2.95, 3.1);
        Assert.All(samples, s => Assert.InRange(s, -1f, 1f));
        var rms = Math.Sqrt(samples.Skip(8000).Take(16000).Average(s => (double)s * s));
        Assert.InRange(rms, 0.08, 0.1); // lavfi sine has amplitude 1/8: RMS 0.088
    }

    [Fact]
    public async Task PathWithSpacesAndShellCharactersDecodes()
    {
        var path = _dir.File("my voice; $(echo x) 'a'.wav");
        File.Copy(AudioTestFiles.SpeechWav, path);

        var samples = await _decoder.DecodeAsync(path, CancellationToken.None);

        Assert.Equal(AudioTestFiles.ReadPcm16Wav(AudioTestFiles.SpeechWav).Length, samples.Length);
    }

    [Fact]
    public async Task GarbageBytesAreCorruptAudio()
    {
        var path = _dir.File("garbage.wav");
        await File.WriteAllTextAsync(path, string.Concat(Enumerable.Repeat("this is not audio at all ", 200)));

        var error = await Assert.ThrowsAsync<EngineException>(() => _decoder.DecodeAsync(path, CancellationToken.None));

        Assert.Equal(EngineError.CorruptAudio, error.Error);
    }

    [Fact]
    public async Task MissingFileIsCorruptAudio()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => _decoder.DecodeAsync(_dir.File("none.wav"), CancellationToken.None));

        Assert.Equal(EngineError.CorruptAudio, error.Error);
    }

    [Fact]
    public async Task ZeroLengthFileIsEmptyAudio()
    {
        var path = _dir.File("empty.wav");
        await File.WriteAllBytesAsync(path, []);

        var error = await Assert.ThrowsAsync<EngineException>(() => _decoder.DecodeAsync(path, CancellationToken.None));

        Assert.Equal(EngineError.EmptyAudio, error.Error);
    }

    [Fact]
    public async Task ValidWavWithoutSamplesIsEmptyAudio()
    {
        var path = _dir.File("header-only.wav");
        await File.WriteAllBytesAsync(path, AudioTestFiles.Pcm16Wav([]));

        var error = await Assert.ThrowsAsync<EngineException>(() => _decoder.DecodeAsync(path, CancellationToken.None));

        Assert.Equal(EngineError.EmptyAudio, error.Error);
    }

    [Fact]
    public async Task AllZeroWavIsSilentAudio()
    {
        var path = _dir.File("silence.wav");
        await AudioTestFiles.FfmpegAsync("-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "2", "-c:a", "pcm_s16le", path);

        var error = await Assert.ThrowsAsync<EngineException>(() => _decoder.DecodeAsync(path, CancellationToken.None));

        Assert.Equal(EngineError.SilentAudio, error.Error);
    }

    [Fact]
    public async Task QuietButAudibleWavIsNotSilent()
    {
        // Peak 10/32768 ≈ 3e-4, above the 1e-4 silence threshold.
        var samples = Enumerable.Range(0, 16000).Select(i => (short)(i % 2 == 0 ? 10 : -10)).ToArray();
        var path = _dir.File("quiet.wav");
        await File.WriteAllBytesAsync(path, AudioTestFiles.Pcm16Wav(samples));

        var decoded = await _decoder.DecodeAsync(path, CancellationToken.None);

        Assert.Equal(16000, decoded.Length);
    }

    [Fact]
    public async Task CancellationKillsFfmpegAndThrows()
    {
        // ffmpeg blocks opening a FIFO nobody writes to, so it is certainly still running when we cancel.
        var fifo = _dir.File("never-written.wav");
        await AudioTestFiles.MakeFifoAsync(fifo);
        using var cts = new CancellationTokenSource();

        var decode = _decoder.DecodeAsync(fifo, cts.Token);
        await WaitUntil(() => AudioTestFiles.AnyProcessMentions(fifo), TimeSpan.FromSeconds(10));
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => decode).WaitAsync(TimeSpan.FromSeconds(10));
        await WaitUntil(() => !AudioTestFiles.AnyProcessMentions(fifo), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task MissingFfmpegIsReportedAsCorruptAudioWithTheReason()
    {
        var decoder = new AudioDecoder(new EngineOptions { FfmpegDirectory = _dir.File("no-such-folder") });
        // 22.05 kHz needs ffmpeg's resampler (a 16 kHz mono PCM16 WAV is read without ffmpeg).
        var wav = _dir.File("speech22k.wav");
        File.WriteAllBytes(wav, AudioTestFiles.Pcm16Wav(Enumerable.Range(0, 22050).Select(i => (short)(i % 200 * 50)).ToArray(), 22050));

        var error = await Assert.ThrowsAsync<EngineException>(() => decoder.DecodeAsync(wav, CancellationToken.None));

        Assert.Equal(EngineError.CorruptAudio, error.Error);
        Assert.Contains("could not be started", error.Message);
    }

    internal static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Condition not reached in time.");
            await Task.Delay(50);
        }
    }
}
