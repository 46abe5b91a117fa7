using FFMpegCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Speech;
using VoiceMirror.Tests.Engine.Audio;

namespace VoiceMirror.Tests.Engine.Speech;

public sealed class SpeechStageTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SpeechHost _host = new(new Dictionary<string, string?>());

    private SpeechStage Stage => _host.Services.GetRequiredService<SpeechStage>();

    public void Dispose()
    {
        _host.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task TextBecomesTheProvidersWavAndAnMp3OfTheSameLengthWithTheChosenVoice()
    {
        var voice = await Stage.ChooseAsync(" espeak-ru ", CancellationToken.None);
        var spoken = await Stage.SpeakAsync(voice, "Привет! Меня зовут Виктор.", _dir.Path, CancellationToken.None);

        Assert.Equal("espeak-ru", spoken.VoiceId);
        Assert.EndsWith(".wav", spoken.SpeechPath);
        var wav = await FFProbe.AnalyseAsync(spoken.SpeechPath);
        var mp3 = await FFProbe.AnalyseAsync(spoken.Mp3Path);
        Assert.Equal("mp3", mp3.PrimaryAudioStream!.CodecName);
        Assert.Equal(wav.Duration.TotalSeconds, mp3.Duration.TotalSeconds, 0.1);
    }

    [Fact]
    public async Task AnUnknownVoiceIsRefusedBeforeAnythingIsSpoken()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => Stage.ChooseAsync("no-such-voice", CancellationToken.None));

        Assert.Equal(EngineError.UnknownVoice, error.Error);
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }
}
