using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using VoiceMirror.Engine.Pipeline;
using VoiceMirror.Engine.Speech;

namespace VoiceMirror.Engine.Cli;

/// <summary><c>voicemirror animate</c>: one photo plus text (spoken by a voice) or an audio file → MP4.</summary>
internal static class AnimateCommand
{
    public const string Usage =
        "voicemirror animate --image face.jpg (--text \"...\" [--voice id] | --audio file) --out out.mp4\n" +
        "                    [--engine auto|mirror|wav2lip] [--no-liveliness] [--model path] [--models-dir dir] [--batch N] [--cpu|--cuda] [--size 512x512] [--fps 25] [--verbose]";

    public static async Task<int> RunAsync(IReadOnlyList<string> argv, TextWriter output, CancellationToken ct)
    {
        var args = new CliArgs(argv, [.. EngineHost.Options, "--image", "--text", "--voice", "--audio", "--out"], EngineHost.Flags);
        var image = args.ExistingFile("--image");
        var outPath = Path.GetFullPath(args.Required("--out"));
        var text = args.Optional("--text");
        if ((text is null) == (args.Optional("--audio") is null))
            throw new UsageException("Give either --text or --audio.");
        if (text is null && args.Optional("--voice") is not null)
            throw new UsageException("--voice goes with --text.");
        var audio = text is null ? args.ExistingFile("--audio") : null;

        await using var services = EngineHost.Build(args);
        var progress = new ConsoleProgress(output);
        string? speechDir = null;
        try
        {
            if (text is not null)
            {
                output.WriteLine("[  0.0%] Speech");
                speechDir = Directory.CreateTempSubdirectory("voicemirror-speech-").FullName;
                var speech = await services.GetRequiredService<VoiceCatalog>()
                    .SynthesizeAsync(text, args.Optional("--voice"), speechDir, ct);
                audio = speech.AudioPath;
                output.WriteLine($"Voice: {speech.VoiceId}");
            }

            var pipeline = services.GetRequiredService<AnimationPipeline>();
            var result = await pipeline.RenderAsync(new AnimationRequest(image, audio!, outPath), progress, ct);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {result.OutputPath}: {result.Width}x{result.Height}, {result.FrameCount} frames, {result.DurationSeconds:F2} s, engine {result.Engine} ({result.ModelName} on {result.ExecutionProvider})"));
            return 0;
        }
        finally
        {
            if (speechDir is not null) Directory.Delete(speechDir, recursive: true);
        }
    }
}
