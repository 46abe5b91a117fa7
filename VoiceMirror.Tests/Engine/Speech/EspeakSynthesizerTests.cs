using VoiceMirror.Engine;
using VoiceMirror.Engine.Audio;
using VoiceMirror.Engine.Speech;
using VoiceMirror.Tests.Engine.Audio;

namespace VoiceMirror.Tests.Engine.Speech;

public sealed class EspeakSynthesizerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly EspeakSynthesizer _espeak = new(new EngineOptions());
    private readonly AudioDecoder _decoder = new(new EngineOptions());

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RussianTextBecomesAWavOfPlausibleDuration()
    {
        var speech = await _espeak.SynthesizeAsync(
            new SpeechRequest("Привет! Меня зовут Виктор. Сегодня хорошая погода.", "espeak-ru"), _dir.Path, CancellationToken.None);

        Assert.Equal("espeak-ru", speech.VoiceId);
        Assert.StartsWith(_dir.Path, speech.AudioPath);
        Assert.EndsWith(".wav", speech.AudioPath);
        Assert.InRange(await SecondsAsync(speech.AudioPath), 1.5, 8);
    }

    [Fact]
    public async Task EnglishTextBecomesAWavOfPlausibleDuration()
    {
        var speech = await _espeak.SynthesizeAsync(
            new SpeechRequest("Hello! My name is Victor. The weather is nice today.", "espeak-en"), _dir.Path, CancellationToken.None);

        Assert.InRange(await SecondsAsync(speech.AudioPath), 1.5, 8);
    }

    [Fact]
    public async Task EveryCatalogueVoiceSpeaksAndFemaleDiffersFromMale()
    {
        var voices = await _espeak.ListVoicesAsync(CancellationToken.None);
        var audio = new Dictionary<string, byte[]>();
        foreach (var voice in voices)
        {
            var text = voice.Language == "ru" ? "Доброе утро" : "Good morning";
            var speech = await _espeak.SynthesizeAsync(new SpeechRequest(text, voice.Id), _dir.Path, CancellationToken.None);
            Assert.InRange(await SecondsAsync(speech.AudioPath), 0.3, 5);
            audio[voice.Id] = await File.ReadAllBytesAsync(speech.AudioPath);
        }

        Assert.NotEqual(audio["espeak-ru"], audio["espeak-ru-f"]);
        Assert.NotEqual(audio["espeak-en"], audio["espeak-en-f"]);
    }

    [Fact]
    public async Task CatalogueListsRussianAndEnglishVoicesOfBothGendersUnderEspeak()
    {
        var voices = await _espeak.ListVoicesAsync(CancellationToken.None);

        Assert.Equal(["espeak-en", "espeak-en-f", "espeak-ru", "espeak-ru-f"], voices.Select(v => v.Id).Order());
        Assert.All(voices, v => Assert.Equal("espeak", v.Provider));
        Assert.All(voices, v => Assert.True(_espeak.Owns(v.Id)));
        Assert.Equal(["female", "male"], voices.Where(v => v.Language == "ru").Select(v => v.Gender).Order());
        Assert.Equal(["female", "male"], voices.Where(v => v.Language == "en").Select(v => v.Gender).Order());
        Assert.DoesNotContain(voices, v => v.IsCloned);
    }

    [Theory]
    [InlineData("espeak-ru", true)]
    [InlineData("espeak-anything", true)]
    [InlineData("voice_id_123456", false)]
    [InlineData("openai-alloy", false)]
    public void OwnsIdsWithTheEspeakPrefix(string id, bool owned) => Assert.Equal(owned, _espeak.Owns(id));

    [Theory]
    [InlineData("Привет, как дела?", "espeak-ru")]
    [InlineData("How are you?", "espeak-en")]
    public async Task WithoutAVoiceTheLanguageComesFromTheScript(string text, string expectedVoice)
    {
        // The CLI: a fresh process each time, so equal voices give equal bytes (the library's state drifts by a few samples).
        var cli = new EspeakSynthesizer(new EngineOptions()) { UseLibrary = false };
        var auto = await cli.SynthesizeAsync(new SpeechRequest(text, null), _dir.Path, CancellationToken.None);
        var chosen = await cli.SynthesizeAsync(new SpeechRequest(text, expectedVoice), _dir.Path, CancellationToken.None);

        Assert.Equal(expectedVoice, auto.VoiceId);
        Assert.Equal(await File.ReadAllBytesAsync(chosen.AudioPath), await File.ReadAllBytesAsync(auto.AudioPath));
    }

    [Fact]
    public async Task ShellMetacharactersAreSpokenNotExecuted()
    {
        // Harmless payloads (touch, not rm): if any reached a shell, a marker file would appear.
        var markers = Enumerable.Range(0, 4).Select(i => Path.Combine(Path.GetTempPath(), $"voicemirror-pwned-{Guid.NewGuid():N}-{i}")).ToArray();
        var text = $"\"; touch {markers[0]} # ' ; touch {markers[1]} ; $(touch {markers[2]}) `touch {markers[3]}` | && -v xx --help";

        var speech = await _espeak.SynthesizeAsync(new SpeechRequest(text, "espeak-en"), _dir.Path, CancellationToken.None);

        Assert.All(markers, m => Assert.False(File.Exists(m), $"{m} was created: text reached a shell."));
        Assert.InRange(await SecondsAsync(speech.AudioPath), 2, 240); // the whole line, long hex names included, was read aloud
    }

    [Fact]
    public async Task TextStartingWithADashIsSpokenNotTakenAsAnOption()
    {
        var speech = await _espeak.SynthesizeAsync(new SpeechRequest("--version -w /tmp/evil.wav", "espeak-en"), _dir.Path, CancellationToken.None);

        Assert.InRange(await SecondsAsync(speech.AudioPath), 1, 10);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public async Task EmptyTextIsEmptyText(string text)
    {
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            _espeak.SynthesizeAsync(new SpeechRequest(text, null), _dir.Path, CancellationToken.None));

        Assert.Equal(EngineError.EmptyText, error.Error);
    }

    [Fact]
    public async Task TextOverTheLimitIsTextTooLong()
    {
        var text = new string('а', EspeakSynthesizer.MaxTextLength + 1);

        var error = await Assert.ThrowsAsync<EngineException>(() =>
            _espeak.SynthesizeAsync(new SpeechRequest(text, null), _dir.Path, CancellationToken.None));

        Assert.Equal(EngineError.TextTooLong, error.Error);
    }

    [Fact]
    public async Task UnknownEspeakVoiceIsUnknownVoice()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            _espeak.SynthesizeAsync(new SpeechRequest("hello", "espeak-klingon"), _dir.Path, CancellationToken.None));

        Assert.Equal(EngineError.UnknownVoice, error.Error);
    }

    [Fact]
    public async Task MissingEspeakBinaryIsSpeechFailedAndLeavesNoFile()
    {
        var espeak = new EspeakSynthesizer(new EngineOptions { EspeakPath = _dir.File("no-espeak-here") }) { UseLibrary = false };

        var error = await Assert.ThrowsAsync<EngineException>(() =>
            espeak.SynthesizeAsync(new SpeechRequest("hello", null), _dir.File("out"), CancellationToken.None));

        Assert.Equal(EngineError.SpeechFailed, error.Error);
        Assert.Empty(Directory.GetFiles(_dir.File("out")));
    }

    [Fact]
    public async Task EspeakErrorOutputIsCarriedInSpeechFailed()
    {
        // A real espeak-ng failure: /proc accepts no new files, espeak-ng says so on stderr.
        var cli = new EspeakSynthesizer(new EngineOptions()) { UseLibrary = false };
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            cli.SynthesizeAsync(new SpeechRequest("hello", "espeak-en"), "/proc", CancellationToken.None));

        Assert.Equal(EngineError.SpeechFailed, error.Error);
        Assert.Contains("Can't write to", error.Message);
    }

    [Fact]
    public async Task CancelledSynthesisThrowsAndLeavesNoFile()
    {
        using var cts = new CancellationTokenSource();
        var text = string.Join(" ", Enumerable.Repeat("Это очень длинный текст для проверки отмены.", 100));
        var output = _dir.File("cancelled");

        // SynthesizeAsync returns once espeak-ng has started; it needs ~0.2 s for this text, so it is still running.
        var speak = _espeak.SynthesizeAsync(new SpeechRequest(text, "espeak-ru"), output, cts.Token);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => speak);
        Assert.Empty(Directory.GetFiles(output));
    }

    private async Task<double> SecondsAsync(string wav) =>
        (await _decoder.DecodeAsync(wav, CancellationToken.None)).Length / (double)AudioDecoder.SampleRate;
}
