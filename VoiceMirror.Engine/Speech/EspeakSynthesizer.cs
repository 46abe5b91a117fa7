using System.Text;
using CliWrap;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceMirror.Engine.Audio;
using VoiceMirror.Engine.Speech.Espeak;

namespace VoiceMirror.Engine.Speech;

/// <summary>
/// Local speech with espeak-ng. Through libespeak-ng when it loads, which also gives the phonemes with their times
/// (saved beside the WAV); otherwise through the CLI, with the text on standard input (<c>--stdin</c>), never on the
/// command line, so nothing in it can be read as an option or reach a shell. Both write the same audio.
/// </summary>
public sealed class EspeakSynthesizer(EngineOptions options, ILogger<EspeakSynthesizer>? logger = null) : ISpeechSynthesizer
{
    // Once the library has failed to load it will not load later in this process.
    private static volatile bool s_libraryMissing;

    private readonly ILogger _logger = logger ?? NullLogger<EspeakSynthesizer>.Instance;

    /// <summary>False forces the CLI (tests compare the two paths).</summary>
    internal bool UseLibrary { get; init; } = true;

    /// <summary>Longest text accepted: about five minutes of speech.</summary>
    public const int MaxTextLength = 5000;

    private const string IdPrefix = "espeak-";

    /// <summary>Voice id → espeak-ng voice name; "+f3" is espeak's third female variant.</summary>
    private static readonly IReadOnlyList<(VoiceInfo Info, string EspeakVoice)> Voices =
    [
        (new VoiceInfo("espeak-ru", "Russian (male)", "ru", "male", "espeak"), "ru"),
        (new VoiceInfo("espeak-ru-f", "Russian (female)", "ru", "female", "espeak"), "ru+f3"),
        (new VoiceInfo("espeak-en", "English (male)", "en", "male", "espeak"), "en-us"),
        (new VoiceInfo("espeak-en-f", "English (female)", "en", "female", "espeak"), "en-us+f3"),
    ];

    public string ProviderName => "espeak";

    public Task<IReadOnlyList<VoiceInfo>> ListVoicesAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<VoiceInfo>>(Voices.Select(v => v.Info).ToList());

    public bool Owns(string voiceId) => voiceId.StartsWith(IdPrefix, StringComparison.Ordinal);

    public async Task<SynthesizedSpeech> SynthesizeAsync(SpeechRequest request, string outputDirectory, CancellationToken ct)
    {
        request.EnsureSpeakable("espeak-ng", MaxTextLength);

        var voiceId = request.VoiceId ?? IdPrefix + ScriptDetector.DetectLanguage(request.Text);
        var espeakVoice = EspeakVoice(voiceId);
        Directory.CreateDirectory(outputDirectory);
        var wavPath = Path.Combine(Path.GetFullPath(outputDirectory), $"speech-{Guid.NewGuid():N}.wav");

        var succeeded = false;
        try
        {
            var speech = UseLibrary && !s_libraryMissing
                ? await TrySynthesizeWithLibraryAsync(request.Text, espeakVoice, voiceId, wavPath, ct)
                : null;
            speech ??= await SynthesizeWithCliAsync(request.Text, espeakVoice, voiceId, wavPath, ct);
            succeeded = true;
            return speech;
        }
        finally
        {
            if (!succeeded)
            {
                File.Delete(wavPath);
                File.Delete(PhonemeMarks.PathBeside(wavPath));
            }
        }
    }

    private async Task<SynthesizedSpeech?> TrySynthesizeWithLibraryAsync(
        string text, string espeakVoice, string voiceId, string wavPath, CancellationToken ct)
    {
        EspeakAudio audio;
        try
        {
            audio = await Task.Run(() => EspeakPhonemeSynthesis.Synthesize(text, espeakVoice, ct), ct);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_libraryMissing = true;
            _logger.LogWarning("libespeak-ng could not be loaded ({Reason}); speaking through the espeak-ng CLI, without phoneme timings.",
                e.Message);
            return null;
        }
        if (audio.Samples.Length == 0)
            throw new EngineException(EngineError.SpeechFailed, "libespeak-ng produced no audio.");

        try
        {
            Pcm16Wav.Write(wavPath, audio.Samples, audio.SampleRate);
            PhonemeMarks.Save(PhonemeMarks.PathBeside(wavPath), audio.Phonemes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EngineException(EngineError.SpeechFailed, $"Can't write the speech to '{wavPath}': {e.Message}", e);
        }
        return new SynthesizedSpeech(wavPath, voiceId) { Phonemes = audio.Phonemes };
    }

    private async Task<SynthesizedSpeech> SynthesizeWithCliAsync(
        string text, string espeakVoice, string voiceId, string wavPath, CancellationToken ct)
    {
        var errors = new StringBuilder();
        try
        {
            // User text only through standard input (UTF-8, -b 1), never on the command line.
            var result = await CliWrap.Cli.Wrap(options.EspeakPath)
                .WithArguments(Arguments(espeakVoice, wavPath))
                .WithStandardInputPipe(PipeSource.FromString(text, Utf8NoBom))
                .WithStandardErrorPipe(PipeTarget.ToStringBuilder(errors))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(ct);
            if (result.ExitCode != 0)
                throw new EngineException(EngineError.SpeechFailed,
                    $"espeak-ng failed (exit {result.ExitCode}): {Ffmpeg.Tail(errors)}");
            if (!File.Exists(wavPath) || new FileInfo(wavPath).Length <= 44)
                throw new EngineException(EngineError.SpeechFailed,
                    $"espeak-ng wrote no audio. {Ffmpeg.Tail(errors)}".Trim());
            return new SynthesizedSpeech(wavPath, voiceId);
        }
        catch (Exception e) when (Ffmpeg.IsStartFailure(e))
        {
            throw new EngineException(EngineError.SpeechFailed,
                $"espeak-ng could not be started ('{options.EspeakPath}'): {e.Message}", e);
        }
    }

    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>espeak-ng voice name for a catalogue id; anything else is UnknownVoice.</summary>
    internal static string EspeakVoice(string voiceId) =>
        Voices.FirstOrDefault(v => v.Info.Id == voiceId).EspeakVoice
        ?? throw new EngineException(EngineError.UnknownVoice, $"Unknown espeak voice '{voiceId}'.");

    /// <summary>-b 1: stdin is UTF-8 whatever the process locale says.</summary>
    internal static IEnumerable<string> Arguments(string espeakVoice, string wavPath) =>
        ["-v", espeakVoice, "-b", "1", "-w", wavPath, "--stdin"];
}
