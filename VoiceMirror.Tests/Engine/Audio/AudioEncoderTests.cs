using VoiceMirror.Engine;
using VoiceMirror.Engine.Audio;

namespace VoiceMirror.Tests.Engine.Audio;

public sealed class AudioEncoderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task SpeechWavBecomesMonoMp3OfTheSameDuration()
    {
        var mp3 = _dir.File("speech.mp3");

        await AudioEncoder.ToMp3Async(AudioTestFiles.SpeechWav, mp3, CancellationToken.None);

        var probe = await AudioTestFiles.ProbeAsync(mp3);
        Assert.Equal("mp3", probe.Codec);
        Assert.Equal(1, probe.Channels);
        Assert.InRange(probe.Duration, 5.42 - 0.1, 5.42 + 0.1);
    }

    [Fact]
    public async Task StereoInputIsDownmixedAndStillDecodable()
    {
        var wav = _dir.File("stereo.wav");
        await AudioTestFiles.FfmpegAsync("-f", "lavfi", "-i", "sine=frequency=300:sample_rate=48000:duration=2", "-ac", "2", wav);
        var mp3 = _dir.File("stereo.mp3");

        await AudioEncoder.ToMp3Async(wav, mp3, CancellationToken.None);

        var samples = await new AudioDecoder(new EngineOptions()).DecodeAsync(mp3, CancellationToken.None);
        Assert.InRange(samples.Length / 16000.0, 1.95, 2.1);
        Assert.Equal(1, (await AudioTestFiles.ProbeAsync(mp3)).Channels);
    }

    [Fact]
    public async Task UnreadableInputFailsWithEncodingFailedAndLeavesNoFile()
    {
        var input = _dir.File("garbage.wav");
        await File.WriteAllTextAsync(input, string.Concat(Enumerable.Repeat("not audio ", 500)));
        var mp3 = _dir.File("out.mp3");

        var error = await Assert.ThrowsAsync<EngineException>(() => AudioEncoder.ToMp3Async(input, mp3, CancellationToken.None));

        Assert.Equal(EngineError.EncodingFailed, error.Error);
        Assert.False(File.Exists(mp3));
    }

    [Fact]
    public async Task FailureDeletesAnOlderFileAtTheOutputPath()
    {
        var mp3 = _dir.File("stale.mp3");
        await File.WriteAllTextAsync(mp3, "old content");

        await Assert.ThrowsAsync<EngineException>(() => AudioEncoder.ToMp3Async(_dir.File("missing.wav"), mp3, CancellationToken.None));

        Assert.False(File.Exists(mp3));
    }

    [Fact]
    public async Task CancellationMidEncodeDeletesThePartialMp3()
    {
        // Feed ffmpeg through a FIFO: a WAV header promising a minute, twenty seconds of tone, then nothing more,
        // so ffmpeg has created the MP3 and is waiting for more input when we cancel.
        var fifo = _dir.File("live.wav");
        await AudioTestFiles.MakeFifoAsync(fifo);
        var mp3 = _dir.File("partial.mp3");
        using var cts = new CancellationTokenSource();
        var encode = AudioEncoder.ToMp3Async(fifo, mp3, cts.Token);

        await using (var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write))
        {
            var header = AudioTestFiles.Pcm16Wav(new short[60 * 16000]).AsMemory(0, 44);
            await writer.WriteAsync(header);
            var tone = Enumerable.Range(0, 20 * 16000).Select(i => (short)(8000 * Math.Sin(i * 0.1))).ToArray();
            await writer.WriteAsync(AudioTestFiles.Pcm16Wav(tone).AsMemory(44));
            await writer.FlushAsync();
            await AudioDecoderTests.WaitUntil(() => File.Exists(mp3), TimeSpan.FromSeconds(10));

            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => encode).WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.False(File.Exists(mp3));
    }
}
