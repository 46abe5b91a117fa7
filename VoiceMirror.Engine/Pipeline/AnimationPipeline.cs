using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using VoiceMirror.Engine.Audio;
using VoiceMirror.Engine.Compose;
using VoiceMirror.Engine.LipSync;
using VoiceMirror.Engine.Video;
using VoiceMirror.Engine.Vision;

namespace VoiceMirror.Engine.Pipeline;

/// <summary>
/// Photo + audio → lip-synced MP4: decode audio and compute the mel spectrogram, find the face once (the
/// photo is still), run Wav2Lip in batches, blend each mouth into the base frame and stream the frames to
/// ffmpeg. Progress is monotonic and ends with <see cref="PipelineStage.Done"/> at 100.
/// </summary>
public sealed class AnimationPipeline
{
    private readonly EngineOptions _options;
    private readonly Func<Wav2LipModel> _model;
    private readonly Func<BlazeFaceDetector> _faces;
    private readonly AudioDecoder _audio;
    private readonly Mp4Writer _writer;
    private readonly ILogger<AnimationPipeline> _logger;

    public AnimationPipeline(EngineOptions options, Wav2LipModel model, BlazeFaceDetector faces, AudioDecoder audio,
        Mp4Writer writer, ILogger<AnimationPipeline> logger)
        : this(options, () => model, () => faces, audio, writer, logger)
    {
    }

    /// <summary>
    /// Models are fetched per render so that a missing model file fails that render with ModelMissing
    /// instead of failing the application's start (not a primary constructor for that reason).
    /// </summary>
    internal AnimationPipeline(EngineOptions options, Func<Wav2LipModel> model, Func<BlazeFaceDetector> faces,
        AudioDecoder audio, Mp4Writer writer, ILogger<AnimationPipeline> logger)
    {
        _options = options;
        _model = model;
        _faces = faces;
        _audio = audio;
        _writer = writer;
        _logger = logger;
    }

    /// <summary>Renders <paramref name="request"/>; nothing is left at its output path if it fails or is cancelled.</summary>
    /// <exception cref="EngineException">Bad photo or audio, no usable face, missing model, ffmpeg failure.</exception>
    public Task<AnimationResult> RenderAsync(AnimationRequest request, IProgress<PipelineProgress>? progress,
        CancellationToken ct) => RenderAsync(request, progress, frameObserver: null, ct);

    internal async Task<AnimationResult> RenderAsync(AnimationRequest request, IProgress<PipelineProgress>? progress,
        Action<int, ReadOnlyMemory<byte>>? frameObserver, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var scope = _logger.BeginScope(new Dictionary<string, object>
        {
            ["OutputFile"] = Path.GetFileName(request.OutputPath),
        });
        var tracker = new ProgressTracker(progress);
        var seconds = new Dictionary<PipelineStage, double>();
        var clock = Stopwatch.StartNew();
        try
        {
            ct.ThrowIfCancellationRequested();
            var model = _model();
            var detector = _faces();
            clock.Restart(); // loading the models on first use is not a stage of this render
            var wall = Stopwatch.StartNew();
            int fps = _options.Fps, width = _options.OutputWidth, height = _options.OutputHeight;

            tracker.Report(PipelineStage.Audio, 0);
            var samples = await _audio.DecodeAsync(request.AudioPath, ct).ConfigureAwait(false);
            var mel = MelSpectrogram.Compute(samples);
            var frameCount = MelWindows.FrameCount(samples.Length, fps);
            seconds[PipelineStage.Audio] = Lap(clock);
            tracker.Report(PipelineStage.Audio, ProgressTracker.AudioEnd);
            ct.ThrowIfCancellationRequested();

            tracker.Report(PipelineStage.Face, ProgressTracker.AudioEnd);
            using var baseFrame = LoadBaseFrame(request.ImagePath, width, height);
            var cropBox = FindFace(detector, baseFrame);
            var faceInput = BuildFaceInput(baseFrame, cropBox, model.FaceSize);
            var blender = new MouthBlender(cropBox, model.FaceSize);
            seconds[PipelineStage.Face] = Lap(clock);
            tracker.Report(PipelineStage.Face, ProgressTracker.FaceEnd);
            _logger.LogDebug("Face crop {Box} in {Width}x{Height}, {Frames} frames at {Fps} fps, model {Model} on {Provider}",
                cropBox, width, height, frameCount, fps, model.ModelName, model.ExecutionProvider);
            ct.ThrowIfCancellationRequested();

            var frames = new LipSyncFrameSource(model, mel, frameCount, fps, faceInput, blender, baseFrame,
                _options.BatchSize, tracker) { FrameObserver = frameObserver };
            await _writer.WriteAsync(EncodeTail(frames.ReadAllAsync(ct), tracker), width, height, fps,
                request.AudioPath, request.OutputPath, ct).ConfigureAwait(false);
            var streamed = Lap(clock);
            seconds[PipelineStage.Inference] = frames.InferenceSeconds;
            seconds[PipelineStage.Composite] = frames.CompositeSeconds;
            // Encoding overlaps inference; what it adds is the writer's wall time not spent waiting for frames.
            seconds[PipelineStage.Encode] = Math.Max(0, streamed - frames.EncoderWaitSeconds);
            tracker.Report(PipelineStage.Done, 100);

            var result = new AnimationResult(request.OutputPath, samples.Length / (double)AudioDecoder.SampleRate, frameCount, width, height,
                model.ModelName, model.ExecutionProvider, seconds);
            _logger.LogInformation(
                "Rendered {Frames} frames ({Seconds:F1} s of audio) in {Total:F1} s: audio {Audio:F2} s, face {Face:F2} s, inference {Inference:F2} s, composite {Composite:F2} s, encode {Encode:F2} s",
                frameCount, result.DurationSeconds, wall.Elapsed.TotalSeconds, seconds[PipelineStage.Audio],
                seconds[PipelineStage.Face], seconds[PipelineStage.Inference], seconds[PipelineStage.Composite],
                seconds[PipelineStage.Encode]);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning("Render failed: {Error}", e is EngineException ee ? $"{ee.Error}: {ee.Message}" : e.Message);
            throw;
        }
    }

    private static Image<Rgb24> LoadBaseFrame(string imagePath, int width, int height)
    {
        using var photo = PhotoLoader.Load(imagePath);
        return PhotoLoader.FitToFrame(photo, width, height);
    }

    private Rectangle FindFace(BlazeFaceDetector detector, Image<Rgb24> baseFrame)
    {
        var face = detector.DetectSingle(baseFrame, _options.MinFaceSize);
        return FaceCrop.PaddedBox(face, baseFrame.Size(), _options.FacePaddingTop, _options.FacePaddingBottom,
            _options.FacePaddingLeft, _options.FacePaddingRight);
    }

    /// <summary>The 6xSxS model input, built once: the face crop resized bilinearly as Wav2Lip's cv2.resize does.</summary>
    private static float[] BuildFaceInput(Image<Rgb24> baseFrame, Rectangle cropBox, int faceSize)
    {
        using var crop = baseFrame.Clone(c => c.Crop(cropBox).Resize(faceSize, faceSize, KnownResamplers.Triangle));
        var input = new float[6 * faceSize * faceSize];
        FaceCrop.WriteModelInput(crop, input);
        return input;
    }

    /// <summary>Passes frames through and reports the Encode stage once the last frame has gone to ffmpeg.</summary>
    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> EncodeTail(
        IAsyncEnumerable<ReadOnlyMemory<byte>> frames, ProgressTracker tracker)
    {
        await foreach (var frame in frames.ConfigureAwait(false))
            yield return frame;
        tracker.Report(PipelineStage.Encode, ProgressTracker.FramesEnd);
    }

    private static double Lap(Stopwatch clock)
    {
        var elapsed = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return elapsed;
    }
}
