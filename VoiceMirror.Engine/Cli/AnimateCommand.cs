using System.CommandLine;
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

    public static Command Create(TextWriter output)
    {
        var command = new Command("animate", "photo + text (or audio) -> MP4");
        var image = CliOptions.ExistingFile("--image", "the face photo (JPEG or PNG)");
        var text = CliOptions.Text("--text", "text to speak");
        var voice = CliOptions.Text("--voice", "voice id for --text");
        var audio = CliOptions.ExistingFile("--audio", "speech audio instead of --text", required: false);
        var outPath = CliOptions.Text("--out", "the MP4 to write", required: true);
        foreach (var option in new Option[] { image, text, voice, audio, outPath }) command.Add(option);
        var host = new EngineHost(command);
        command.SetAction((parse, ct) => RunAsync(parse, host, parse.PathOf(image)!, parse.GetValue(text), parse.GetValue(voice),
            parse.PathOf(audio), Path.GetFullPath(parse.GetValue(outPath)!), output, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, EngineHost host, string image, string? text, string? voice,
        string? audio, string outPath, TextWriter output, CancellationToken ct)
    {
        if ((text is null) == (audio is null))
            throw new UsageException("Give either --text or --audio.");
        if (text is null && voice is not null)
            throw new UsageException("--voice goes with --text.");

        await using var services = host.Build(parse);
        var progress = new ConsoleProgress(output);
        string? speechDir = null;
        try
        {
            if (text is not null)
            {
                output.WriteLine("[  0.0%] Speech");
                speechDir = Directory.CreateTempSubdirectory("voicemirror-speech-").FullName;
                var speech = await services.GetRequiredService<VoiceCatalog>()
                    .SynthesizeAsync(text, voice, speechDir, ct);
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
