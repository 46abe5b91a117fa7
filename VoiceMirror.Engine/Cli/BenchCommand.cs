using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using FFMpegCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceMirror.Engine.Animators;
using VoiceMirror.Engine.Pipeline;
using VoiceMirror.Engine.Speech;

namespace VoiceMirror.Engine.Cli;

/// <summary>
/// <c>voicemirror bench</c>: the whole render (espeak speech of a given length included) timed per stage.
/// Each length runs in a fresh child process so that its peak memory (VmHWM) is its own.
/// </summary>
internal static class BenchCommand
{
    public const string Usage =
        "voicemirror bench --image face.jpg [--engine auto|mirror|wav2lip] [--no-liveliness] [--model path] [--models-dir dir] [--seconds 10,60] [--audio speech.wav] [--batch N] [--preset x264preset] [--warm] [--cpu|--cuda] [--size WxH] [--fps N]";

    private const string Sentence = "Съешь же ещё этих мягких французских булок, да выпей чаю. ";

    /// <summary><c>bench</c>: each length of <c>--seconds</c> in a child <c>bench-run</c> with the other arguments as given.</summary>
    public static Command Create(IReadOnlyList<string> argv, TextWriter output)
    {
        var command = new Command("bench", "the whole render timed per stage, each length in a fresh process");
        var seconds = CliOptions.IntList("--seconds", 3600, "lengths of speech in seconds, e.g. 10,60");
        AddCommon(command);
        command.Add(seconds);
        new EngineHost(command);
        command.SetAction(async (parse, ct) =>
        {
            var passOn = WithoutOption(argv, "--seconds");
            foreach (var length in parse.GetValue(seconds) ?? [10, 60])
            {
                var code = await RunChildAsync([.. passOn, "--seconds", length.ToString(CultureInfo.InvariantCulture)], output, ct);
                if (code != 0) return code;
            }
            return 0;
        });
        return command;
    }

    /// <summary><c>bench-run</c>: one length, in this process (started by <c>bench</c>).</summary>
    public static Command CreateRun(TextWriter output)
    {
        var command = new Command("bench-run", "one timed render in this process");
        var seconds = CliOptions.Int("--seconds", 1, 3600, "length of speech in seconds");
        var (image, audio, warm) = AddCommon(command);
        command.Add(seconds);
        var host = new EngineHost(command);
        command.SetAction((parse, ct) => RunOneAsync(parse, host, parse.PathOf(image)!, parse.GetValue(seconds) ?? 10,
            parse.PathOf(audio), parse.GetValue(warm), output, ct));
        return command;
    }

    private static (Option<FileInfo> Image, Option<FileInfo> Audio, Option<bool> Warm) AddCommon(Command command)
    {
        var image = CliOptions.ExistingFile("--image", "the face photo");
        var audio = CliOptions.ExistingFile("--audio", "speech to loop and cut instead of espeak-ng", required: false);
        var warm = CliOptions.Flag("--warm", "one untimed render first");
        command.Add(image);
        command.Add(audio);
        command.Add(warm);
        return (image, audio, warm);
    }

    private static async Task<int> RunOneAsync(ParseResult parse, EngineHost host, string image, int seconds, string? given,
        bool warm, TextWriter output, CancellationToken ct)
    {
        await using var services = host.Build(parse);
        var options = services.GetRequiredService<EngineOptions>();
        var work = Directory.CreateTempSubdirectory("voicemirror-bench-").FullName;
        try
        {
            var clock = Stopwatch.StartNew();
            services.GetRequiredService<AnimatorCatalog>().Choose(null).Runtime();
            var loadSeconds = clock.Elapsed.TotalSeconds;

            clock.Restart();
            // --audio: machines without espeak-ng (the GPU host) bring their speech; it is looped and cut to length.
            var (audio, spoken) = given is null
                ? await SpeakAsync(services.GetRequiredService<VoiceCatalog>(), seconds, work, ct)
                : (await CutAsync(given, seconds, work, loop: true, ct), double.NaN);
            var speechSeconds = given is null ? clock.Elapsed.TotalSeconds : 0;

            var pipeline = services.GetRequiredService<AnimationPipeline>();
            // --warm: one untimed render first, as in the long-running service (JIT, ffmpeg, caches warm).
            if (warm)
                await pipeline.RenderAsync(new AnimationRequest(image, audio, Path.Combine(work, "warm.mp4")), null, ct);

            var rssBefore = MemoryStats.CurrentMiB();
            clock.Restart();
            var result = await pipeline.RenderAsync(new AnimationRequest(image, audio, Path.Combine(work, "bench.mp4")), null, ct);
            var renderSeconds = clock.Elapsed.TotalSeconds;
            var s = result.StageSeconds;
            var inference = s.GetValueOrDefault(PipelineStage.Inference);

            var text = new StringBuilder();
            void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
            Line($"== {result.DurationSeconds:F2} s of audio -> {result.FrameCount} frames {result.Width}x{result.Height} @ {options.Fps} fps; engine {result.Engine}, model {result.ModelName} on {result.ExecutionProvider}, batch {options.BatchSize}, {Environment.ProcessorCount} CPU cores");
            Line($"model load    {loadSeconds,8:F2} s  (not part of a render: the service keeps the model loaded; on CUDA includes the warm-up batch)");
            if (warm) text.AppendLine("warm-up       one untimed render before the timed one, as in the running service");
            if (double.IsNaN(spoken)) text.AppendLine("speech        (given with --audio, looped and cut to length)");
            else Line($"speech        {speechSeconds,8:F2} s  (espeak-ng, {spoken:F1} s spoken, then cut to length)");
            Line($"audio + mel   {s.GetValueOrDefault(PipelineStage.Audio),8:F2} s");
            Line($"face          {s.GetValueOrDefault(PipelineStage.Face),8:F2} s");
            Line($"inference     {inference,8:F2} s  ({result.FrameCount / Math.Max(1e-9, inference):F1} frames/s)");
            Line($"composite     {s.GetValueOrDefault(PipelineStage.Composite),8:F2} s");
            Line($"encode        {s.GetValueOrDefault(PipelineStage.Encode),8:F2} s  (writer wall time not overlapped by inference)");
            Line($"render        {renderSeconds,8:F2} s  end to end ({result.FrameCount / renderSeconds:F1} frames/s, {renderSeconds / result.DurationSeconds:F2}x real time)");
            Line($"with speech   {renderSeconds + speechSeconds,8:F2} s");
            Line($"memory        peak RSS (VmHWM) {MemoryStats.PeakMiB():F0} MiB; RSS before render {rssBefore:F0} MiB; managed heap now {GC.GetTotalMemory(false) / 1048576.0:F0} MiB");
            output.Write(text.ToString());
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Repeats a Russian sentence until espeak-ng speaks for longer than <paramref name="seconds"/>, then cuts
    /// the speech to exactly that length (16 kHz mono WAV). Returns the path and the uncut length.
    /// </summary>
    private static async Task<(string Path, double Spoken)> SpeakAsync(VoiceCatalog voices, int seconds, string dir, CancellationToken ct)
    {
        var one = await voices.SynthesizeAsync(Sentence, "espeak-ru", dir, ct);
        var perSentence = (await FFProbe.AnalyseAsync(one.AudioPath, cancellationToken: ct)).Duration.TotalSeconds;
        var repeats = Math.Max(1, (int)Math.Ceiling(seconds * 1.1 / Math.Max(0.1, perSentence)));
        var full = await voices.SynthesizeAsync(string.Concat(Enumerable.Repeat(Sentence, repeats)), "espeak-ru", dir, ct);
        var spoken = (await FFProbe.AnalyseAsync(full.AudioPath, cancellationToken: ct)).Duration.TotalSeconds;
        return (await CutAsync(full.AudioPath, seconds, dir, loop: false, ct), spoken);
    }

    private static async Task<string> CutAsync(string source, int seconds, string dir, bool loop, CancellationToken ct)
    {
        var cut = Path.Combine(dir, "speech.wav");
        await FFMpegArguments.FromFileInput(source, verifyExists: true, o => { if (loop) o.WithCustomArgument("-stream_loop -1"); })
            .OutputToFile(cut, overwrite: true, o => o.WithDuration(TimeSpan.FromSeconds(seconds))
                .WithAudioSamplingRate(16000).WithCustomArgument("-ac 1"))
            .CancellableThrough(ct)
            .ProcessAsynchronously();
        return cut;
    }

    private static async Task<int> RunChildAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot locate this program.");
        var psi = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        // Under `dotnet voicemirror.dll` the process is the dotnet host, which needs the assembly path first.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") psi.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        psi.ArgumentList.Add("bench-run");
        foreach (var a in args) psi.ArgumentList.Add(a);

        using var child = Process.Start(psi)!;
        await using var kill = ct.Register(() => child.Kill(entireProcessTree: true));
        while (await child.StandardOutput.ReadLineAsync(ct) is { } line) output.WriteLine(line);
        await child.WaitForExitAsync(CancellationToken.None);
        ct.ThrowIfCancellationRequested();
        return child.ExitCode;
    }

    private static List<string> WithoutOption(IReadOnlyList<string> argv, string name)
    {
        var list = new List<string>();
        for (var i = 0; i < argv.Count; i++)
        {
            if (argv[i] == name) { i++; continue; }
            list.Add(argv[i]);
        }
        return list;
    }
}
