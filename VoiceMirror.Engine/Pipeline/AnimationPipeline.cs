using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VoiceMirror.Engine.Animators;
using VoiceMirror.Engine.Audio;
using VoiceMirror.Engine.Motion;
using VoiceMirror.Engine.Video;
using VoiceMirror.Engine.Vision;

namespace VoiceMirror.Engine.Pipeline;

/// <summary>
/// Every render's one path: audio → mel → face → engine (mirror or Wav2Lip) → liveliness → MP4. The photo is still,
/// so the face is found once; frames stream from the engine to ffmpeg while the next ones are made. Progress is
/// monotonic and ends with <see cref="PipelineStage.Done"/> at 100; nothing is left at the output path on failure.
/// </summary>
public sealed class AnimationPipeline(
    EngineOptions options, AnimatorCatalog animators, PhotoAdmission photos, FaceFinder faces, AudioDecoder audio, Mp4Writer writer,
    ILogger<AnimationPipeline> logger)
{
    /// <exception cref="EngineException">Bad photo or audio, no usable face, unknown or missing engine, ffmpeg failure.</exception>
    public Task<AnimationResult> RenderAsync(AnimationRequest request, IProgress<PipelineProgress>? progress,
        CancellationToken ct) => RenderAsync(request, progress, frameObserver: null, ct);

    internal async Task<AnimationResult> RenderAsync(AnimationRequest request, IProgress<PipelineProgress>? progress,
        Action<int, ReadOnlyMemory<byte>>? frameObserver, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var scope = logger.BeginScope("Output {OutputFile}", Path.GetFileName(request.OutputPath));
        var tracker = new ProgressTracker(progress);
        var seconds = new Dictionary<PipelineStage, double>();
        try
        {
            ct.ThrowIfCancellationRequested();
            var animator = animators.ForRender(request.Engine);
            var (modelName, provider) = animator.Runtime(); // loading models on first use is not a stage of this render
            var clock = Stopwatch.StartNew();
            var wall = Stopwatch.StartNew();
            int fps = options.Fps, width = options.OutputWidth, height = options.OutputHeight;

            tracker.Report(PipelineStage.Audio, 0);
            var samples = await audio.DecodeAsync(request.AudioPath, ct).ConfigureAwait(false);
            var mel = MelSpectrogram.Compute(samples);
            var frameCount = MelWindows.FrameCount(samples.Length, fps);
            // Names the file the lips and the video's sound both come from (the lossless speech, not the MP3 of audioUrl).
            logger.LogDebug("Audio {AudioFile}: {Samples} samples, mel {Columns} columns, fingerprint {MelFingerprint}",
                Path.GetFileName(request.AudioPath), samples.Length, mel.GetLength(1), MelFingerprint(mel));
            seconds[PipelineStage.Audio] = Lap(clock);
            tracker.Report(PipelineStage.Audio, ProgressTracker.AudioEnd);
            ct.ThrowIfCancellationRequested();

            tracker.Report(PipelineStage.Face, ProgressTracker.AudioEnd);
            var (baseFrame, photoSize) = await photos.LoadFrameAsync(request.ImagePath, ct).ConfigureAwait(false);
            using var disposeFrame = baseFrame;
            var face = faces.Find(baseFrame, request.PhotoLandmarks, photoSize);
            seconds[PipelineStage.Face] = Lap(clock);
            tracker.Report(PipelineStage.Face, ProgressTracker.FaceEnd);
            logger.LogDebug("Face {Box} in {Width}x{Height}, {Frames} frames at {Fps} fps, engine {Engine} ({Model} on {Provider})",
                face.Box, width, height, frameCount, fps, animator.Id, modelName, provider);
            ct.ThrowIfCancellationRequested();

            var scene = new AnimationScene(baseFrame, face.Box, face.Landmarks,
                new SpeechTrack(samples, mel, request.Phonemes, request.Language), frameCount, fps);
            var framesDone = new Progress(tracker, frameCount);
            var frames = Timed(animator.RenderAsync(scene, framesDone, ct), out var engineClock);
            var lively = request.Liveliness ?? options.Liveliness;
            var allClock = engineClock;
            var moved = lively ? Timed(new Liveliness(scene, request.Seed).ApplyAsync(frames, ct), out allClock) : frames;
            await writer.WriteAsync(Observe(moved, frameObserver, tracker), width, height, fps,
                request.AudioPath, request.OutputPath, ct).ConfigureAwait(false);
            var streamed = Lap(clock);
            var framesSeconds = allClock.Elapsed.TotalSeconds;
            seconds[PipelineStage.Inference] = engineClock.Elapsed.TotalSeconds;
            seconds[PipelineStage.Composite] = framesSeconds - engineClock.Elapsed.TotalSeconds;
            // Encoding overlaps the frames; what it adds is the writer's wall time not spent waiting for frames.
            seconds[PipelineStage.Encode] = Math.Max(0, streamed - framesSeconds);
            tracker.Report(PipelineStage.Done, 100);

            var result = new AnimationResult(request.OutputPath, samples.Length / (double)AudioDecoder.SampleRate, frameCount,
                width, height, animator.Id, modelName, provider, seconds);
            logger.LogInformation(
                "Rendered {Frames} frames ({Seconds:F1} s of audio) with {Engine} in {Total:F1} s: audio {Audio:F2} s, face {Face:F2} s, engine {EngineSeconds:F2} s, liveliness {LivelinessSeconds:F2} s, encode {Encode:F2} s",
                frameCount, result.DurationSeconds, animator.Id, wall.Elapsed.TotalSeconds, seconds[PipelineStage.Audio],
                seconds[PipelineStage.Face], seconds[PipelineStage.Inference], seconds[PipelineStage.Composite], seconds[PipelineStage.Encode]);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Render failed: {Error}", e is EngineException ee ? $"{ee.Error}: {ee.Message}" : e.Message);
            throw;
        }
    }

    /// <summary>Measures the time the consumer waits on <paramref name="frames"/>: the engine's share of the render.</summary>
    private static IAsyncEnumerable<ReadOnlyMemory<byte>> Timed(IAsyncEnumerable<ReadOnlyMemory<byte>> frames, out Stopwatch waited)
    {
        var clock = new Stopwatch();
        waited = clock;
        return Enumerate(frames, clock);

        static async IAsyncEnumerable<ReadOnlyMemory<byte>> Enumerate(IAsyncEnumerable<ReadOnlyMemory<byte>> frames, Stopwatch clock)
        {
            await using var e = frames.GetAsyncEnumerator();
            while (true)
            {
                clock.Start();
                var more = await e.MoveNextAsync().ConfigureAwait(false);
                clock.Stop();
                if (!more) break;
                yield return e.Current;
            }
        }
    }

    /// <summary>Shows each frame to the test hook and reports the Encode stage once the last frame has gone to ffmpeg.</summary>
    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Observe(
        IAsyncEnumerable<ReadOnlyMemory<byte>> frames, Action<int, ReadOnlyMemory<byte>>? observer, ProgressTracker tracker)
    {
        var index = 0;
        await foreach (var frame in frames.ConfigureAwait(false))
        {
            observer?.Invoke(index, frame);
            index++;
            yield return frame;
        }
        // Every frame is made and moved; ffmpeg finishes the file from here.
        tracker.Report(PipelineStage.Composite, ProgressTracker.FramesEnd);
        tracker.Report(PipelineStage.Encode, ProgressTracker.FramesEnd);
    }

    /// <summary>First 16 hex digits of the SHA-256 of the mel's float bits: equal only for the same samples.</summary>
    internal static string MelFingerprint(float[,] mel) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref mel[0, 0], mel.Length))))[..16];

    private static double Lap(Stopwatch clock)
    {
        var elapsed = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return elapsed;
    }

    /// <summary>Frames done → the frames share of the overall percent.</summary>
    private sealed class Progress(ProgressTracker tracker, int frameCount) : IProgress<int>
    {
        public void Report(int value) => tracker.ReportFrames(PipelineStage.Inference, value, frameCount);
    }
}
