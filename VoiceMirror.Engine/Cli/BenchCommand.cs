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

    public static async Task<int> RunAsync(IReadOnlyList<string> argv, TextWriter output, CancellationToken ct)
    {
        var args = new CliArgs(argv, [.. EngineHost.Options, "--image", "--seconds", "--audio"], EngineHost.Flags);
        args.ExistingFile("--image");
        var lengths = args.IntList("--seconds", 3600) ?? [10, 60];
        var passOn = WithoutOption(argv, "--seconds");
        foreach (var seconds in lengths)
        {
            var code = await RunChildAsync([.. passOn, "--seconds", seconds.ToString(CultureInfo.InvariantCulture)], output, ct);
            if (code != 0) return code;
        }
        return 0;
    }

    /// <summary><c>bench-run</c>: one length, in this process (started by <see cref="RunAsync"/>).</summary>
    public static async Task<int> RunOneAsync(IReadOnlyList<string> argv, TextWriter output, CancellationToken ct)
    {
        var args = new CliArgs(argv, [.. EngineHost.Options, "--image", "--seconds", "--audio"], EngineHost.Flags);
        var image = args.ExistingFile("--image");
        var seconds = args.Int("--seconds", 1, 3600) ?? 10;
        await using var services = EngineHost.Build(args);
        var options = services.GetRequiredService<EngineOptions>();
        var work = Directory.CreateTempSubdirectory("voicemirror-bench-").FullName;
        try
        {
            var clock = Stopwatch.StartNew();
            services.GetRequiredService<AnimatorCatalog>().Choose(null).Runtime();
            var loadSeconds = clock.Elapsed.TotalSeconds;

            clock.Restart();
            // --audio: machines without espeak-ng (the GPU host) bring their speech; it is looped and cut to length.
            var given = args.Optional("--audio") is null ? null : args.ExistingFile("--audio");
            var (audio, spoken) = given is null
                ? await SpeakAsync(services.GetRequiredService<VoiceCatalog>(), seconds, work, ct)
                : (await CutAsync(given, seconds, work, loop: true, ct), double.NaN);
            var speechSeconds = given is null ? clock.Elapsed.TotalSeconds : 0;

            var pipeline = services.GetRequiredService<AnimationPipeline>();
            // --warm: one untimed render first, as in the long-running service (JIT, ffmpeg, caches warm).
            if (args.Has("--warm"))
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
            if (args.Has("--warm")) text.AppendLine("warm-up       one untimed render before the timed one, as in the running service");
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
