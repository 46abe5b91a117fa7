using System.Diagnostics;
using System.Runtime.CompilerServices;
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
        Image<Rgb24>? baseFrame = null;
        try
        {
            ct.ThrowIfCancellationRequested();
            var animator = animators.ForRender(request.Engine);
            var (modelName, provider) = animator.Runtime(); // loading models on first use is not a stage of this render
            var clock = Stopwatch.StartNew();
            var wall = Stopwatch.StartNew();
            int fps = options.Fps, width = options.OutputWidth, height = options.OutputHeight;

            // ffmpeg starts now (process, libraries, the sound input) and waits for the first frame while the audio and
            // the face are prepared: its start-up is off the render's critical path.
            var frameSource = new TaskCompletionSource<IAsyncEnumerable<ReadOnlyMemory<byte>>>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var stopWriter = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var writing = writer.WriteAsync(Deferred(frameSource.Task), width, height, fps, request.AudioPath, request.OutputPath, stopWriter.Token);
            AnimationScene scene;
            Stopwatch engineClock, allClock;
            try
            {
                scene = await PrepareSceneAsync(request, tracker, seconds, clock, ct).ConfigureAwait(false);
                baseFrame = scene.BaseFrame;
                logger.LogDebug("Face {Box} in {Width}x{Height}, {Frames} frames at {Fps} fps, engine {Engine} ({Model} on {Provider})",
                    scene.Face, width, height, scene.FrameCount, fps, animator.Id, modelName, provider);
                var frames = Timed(animator.RenderAsync(scene, new Progress(tracker, scene.FrameCount), ct), out engineClock);
                allClock = engineClock;
                var moved = request.Liveliness ?? options.Liveliness
                    ? Timed(new Liveliness(scene, request.Seed).ApplyAsync(frames, ct), out allClock)
                    : frames;
                frameSource.SetResult(Observe(moved, frameObserver, tracker));
            }
            catch
            {
                // The stage's own error is the one to report; ffmpeg only has to go, leaving no file behind.
                await stopWriter.CancelAsync().ConfigureAwait(false);
                frameSource.TrySetCanceled(stopWriter.Token);
                await writing.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
                throw;
            }
            await writing.ConfigureAwait(false);
            var streamed = Lap(clock);
            var framesSeconds = allClock.Elapsed.TotalSeconds;
            seconds[PipelineStage.Inference] = engineClock.Elapsed.TotalSeconds;
            seconds[PipelineStage.Composite] = framesSeconds - engineClock.Elapsed.TotalSeconds;
            // Encoding overlaps the frames; what it adds is the writer's wall time not spent waiting for frames.
            seconds[PipelineStage.Encode] = Math.Max(0, streamed - framesSeconds);
            tracker.Report(PipelineStage.Done, 100);

            var samples = scene.Speech.Samples.Length;
            var result = new AnimationResult(request.OutputPath, samples / (double)AudioDecoder.SampleRate, scene.FrameCount,
                width, height, animator.Id, modelName, provider, seconds);
            logger.LogInformation(
                "Rendered {Frames} frames ({Seconds:F1} s of audio) with {Engine} in {Total:F1} s: audio {Audio:F2} s, face {Face:F2} s, engine {EngineSeconds:F2} s, liveliness {LivelinessSeconds:F2} s, encode {Encode:F2} s",
                scene.FrameCount, result.DurationSeconds, animator.Id, wall.Elapsed.TotalSeconds, seconds[PipelineStage.Audio],
                seconds[PipelineStage.Face], seconds[PipelineStage.Inference], seconds[PipelineStage.Composite], seconds[PipelineStage.Encode]);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Render failed: {Error}", e is EngineException ee ? $"{ee.Error}: {ee.Message}" : e.Message);
            throw;
        }
        finally
        {
            baseFrame?.Dispose();
        }
    }

    /// <summary>Audio → samples and mel, photo → frame and face: everything the engine needs before its first frame.</summary>
    /// <remarks>
    /// The photo and its face do not depend on the audio, so they are worked out on another thread meanwhile; the face
    /// stage's time is what it adds after the audio. An audio error is reported before a photo error, as when the two
    /// ran one after the other. The scene's base frame is the caller's to dispose.
    /// </remarks>
    private async Task<AnimationScene> PrepareSceneAsync(AnimationRequest request,
        ProgressTracker tracker, Dictionary<PipelineStage, double> seconds, Stopwatch clock, CancellationToken ct)
    {
        var fps = options.Fps;
        tracker.Report(PipelineStage.Audio, 0);
        var photo = Task.Run(() => LoadFaceAsync(request, ct), CancellationToken.None);
        float[] samples;
        float[,] mel;
        try
        {
            samples = await audio.DecodeAsync(request.AudioPath, ct).ConfigureAwait(false);
            mel = MelSpectrogram.Compute(samples);
            ct.ThrowIfCancellationRequested();
        }
        catch
        {
            // The audio's error is the render's; the photo's frame, if it loaded, still has to be let go.
            _ = photo.ContinueWith(static t => { if (t.IsCompletedSuccessfully) t.Result.Frame.Dispose(); },
                CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            throw;
        }
        var frameCount = MelWindows.FrameCount(samples.Length, fps);
        // Names the file the lips and the video's sound both come from (the lossless speech, not the MP3 of audioUrl).
        logger.LogDebug("Audio {AudioFile}: {Samples} samples, mel {Columns} columns, fingerprint {MelFingerprint}",
            Path.GetFileName(request.AudioPath), samples.Length, mel.GetLength(1), MelFingerprint(mel));
        seconds[PipelineStage.Audio] = Lap(clock);
        tracker.Report(PipelineStage.Audio, ProgressTracker.AudioEnd);

        tracker.Report(PipelineStage.Face, ProgressTracker.AudioEnd);
        var (baseFrame, face) = await photo.ConfigureAwait(false);
        try
        {
            seconds[PipelineStage.Face] = Lap(clock);
            tracker.Report(PipelineStage.Face, ProgressTracker.FaceEnd);
            ct.ThrowIfCancellationRequested();
            return new AnimationScene(baseFrame, face.Box, face.Landmarks,
                new SpeechTrack(samples, mel, request.Phonemes, request.Language), frameCount, fps);
        }
        catch
        {
            baseFrame.Dispose();
            throw;
        }
    }

    private async Task<(Image<Rgb24> Frame, FoundFace Face)> LoadFaceAsync(AnimationRequest request, CancellationToken ct)
    {
        var (baseFrame, photoSize) = await photos.LoadFrameAsync(request.ImagePath, ct).ConfigureAwait(false);
        try
        {
            return (baseFrame, faces.Find(baseFrame, request.PhotoLandmarks, photoSize));
        }
        catch
        {
            baseFrame.Dispose();
            throw;
        }
    }

    /// <summary>The frames once <paramref name="frames"/> has them: lets the writer start before the scene is ready.</summary>
    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Deferred(Task<IAsyncEnumerable<ReadOnlyMemory<byte>>> frames,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var source = await frames.WaitAsync(ct).ConfigureAwait(false);
        await foreach (var frame in source.WithCancellation(ct).ConfigureAwait(false)) yield return frame;
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
