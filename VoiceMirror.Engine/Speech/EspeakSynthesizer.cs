using System.ComponentModel;
using VoiceMirror.Engine.Audio;

namespace VoiceMirror.Engine.Speech;

/// <summary>
/// Local speech with espeak-ng. The text goes in on standard input (<c>--stdin</c>), never on the command
/// line, so nothing in it can be read as an option or reach a shell.
/// </summary>
public sealed class EspeakSynthesizer(EngineOptions options) : ISpeechSynthesizer
{
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
            var result = await ExternalTool.RunAsync(
                options.EspeakPath,
                Arguments(espeakVoice, wavPath),
                standardInput: request.Text,
                readOutput: null,
                ct);
            if (result.ExitCode != 0)
                throw new EngineException(EngineError.SpeechFailed,
                    $"espeak-ng failed (exit {result.ExitCode}): {result.Errors}");
            if (!File.Exists(wavPath) || new FileInfo(wavPath).Length <= 44)
                throw new EngineException(EngineError.SpeechFailed,
                    $"espeak-ng wrote no audio. {result.Errors}".Trim());
            succeeded = true;
            return new SynthesizedSpeech(wavPath, voiceId);
        }
        catch (Win32Exception e)
        {
            throw new EngineException(EngineError.SpeechFailed,
                $"espeak-ng could not be started ('{options.EspeakPath}'): {e.Message}", e);
        }
        finally
        {
            if (!succeeded) File.Delete(wavPath);
        }
    }

    /// <summary>espeak-ng voice name for a catalogue id; anything else is UnknownVoice.</summary>
    internal static string EspeakVoice(string voiceId) =>
        Voices.FirstOrDefault(v => v.Info.Id == voiceId).EspeakVoice
        ?? throw new EngineException(EngineError.UnknownVoice, $"Unknown espeak voice '{voiceId}'.");

    /// <summary>-b 1: stdin is UTF-8 whatever the process locale says.</summary>
    internal static IEnumerable<string> Arguments(string espeakVoice, string wavPath) =>
        ["-v", espeakVoice, "-b", "1", "-w", wavPath, "--stdin"];
}
