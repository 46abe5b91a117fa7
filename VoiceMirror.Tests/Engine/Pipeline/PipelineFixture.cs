using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Animators;
using VoiceMirror.Engine.Animators.Mirror;
using VoiceMirror.Engine.Audio;
using VoiceMirror.Engine.Animators.Wav2Lip;
using VoiceMirror.Engine.Pipeline;
using VoiceMirror.Engine.Video;
using VoiceMirror.Engine.Vision;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Tests.Engine.Pipeline;

/// <summary>Real models loaded once: BlazeFace (front) and the tiny 96 px Wav2Lip-signature model, on CPU.</summary>
public sealed class PipelineFixture : IDisposable
{
    public EngineOptions Options { get; } = new()
    {
        ModelsDirectory = MediaProbe.TestData("models"),
        Wav2LipModel = "wav2lip_test_96.onnx",
        UseCuda = false,
        BatchSize = 16,
        DefaultEngine = "wav2lip",
        // A still head, so that frames can be compared with the photo pixel for pixel; liveliness has its own tests.
        Liveliness = false,
    };

    public Wav2LipModel Model { get; }
    public BlazeFaceDetector Faces { get; }
    public FaceMeshModel Mesh { get; }
    public AnimationPipeline Pipeline { get; }

    public PipelineFixture()
    {
        Model = new Wav2LipModel(ModelFiles.ResolveWav2Lip(Options), useCuda: false);
        Faces = new BlazeFaceDetector(ModelFiles.ResolveFaceDetector(Options));
        Mesh = new FaceMeshModel(ModelFiles.ResolveFaceMesh(Options));
        Pipeline = Create(Options, Model);
    }

    public AnimationPipeline Create(EngineOptions options, Wav2LipModel model)
    {
        var batcher = Batcher(options, model);
        return new(options, new AnimatorCatalog([new Wav2LipAnimator(options, () => batcher)], options),
            new PhotoAdmission(options, () => Faces), new FaceFinder(options, () => Faces, () => Mesh),
            new AudioDecoder(options), new Mp4Writer(options), NullLogger<AnimationPipeline>.Instance);
    }

    /// <summary>A batcher over <paramref name="model"/> at the options' batch size, disposed with the fixture.</summary>
    public Wav2LipBatcher Batcher(EngineOptions options, Wav2LipModel model)
    {
        var batcher = new Wav2LipBatcher(model, options.BatchSize, TimeSpan.FromMilliseconds(options.BatchLingerMilliseconds));
        lock (_batchers) _batchers.Add(batcher);
        return batcher;
    }

    private readonly List<Wav2LipBatcher> _batchers = [];

    /// <summary>A pipeline with both engines, the built-in one chosen by default.</summary>
    public AnimationPipeline CreateWithMirror(EngineOptions options)
    {
        var batcher = new Lazy<Wav2LipBatcher>(() => Batcher(options, Model));
        return new(options, new AnimatorCatalog([new MirrorAnimator(options), new Wav2LipAnimator(options, () => batcher.Value)], options),
            new PhotoAdmission(options, () => Faces), new FaceFinder(options, () => Faces, () => Mesh),
            new AudioDecoder(options), new Mp4Writer(options), NullLogger<AnimationPipeline>.Instance);
    }

    public static string Speech => MediaProbe.TestData("audio", "speech_ru_16k.wav");
    public static string Astronaut => MediaProbe.TestData("images", "astronaut.png");

    /// <summary>
    /// The base frame and the frame pixels Wav2Lip may change (the bounds of its upright face crop, turned by the
    /// eye line), derived exactly as the pipeline does, for pixel checks.
    /// </summary>
    public (Image<Rgb24> BaseFrame, Rectangle CropBox) BaseFrameAndCrop(EngineOptions o)
    {
        using var photo = PhotoLoader.Load(Astronaut);
        var frame = PhotoLoader.FitToFrame(photo, o.OutputWidth, o.OutputHeight);
        var face = new FaceFinder(o, () => Faces, () => Mesh).Find(frame, null, photo.Size());
        var crop = UprightCrop.For(face.Box, face.Landmarks, o.FacePaddingTop, o.FacePaddingBottom, o.FacePaddingLeft, o.FacePaddingRight);
        return (frame, crop.FrameBounds(frame.Size()));
    }

    /// <summary>Runs ffmpeg with <paramref name="args"/> (test inputs only) and fails the test if it fails.</summary>
    public static void Ffmpeg(params string[] args)
    {
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-v", "error", "-y", .. args]) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed: {err}");
    }

    public void Dispose()
    {
        foreach (var batcher in _batchers) batcher.Dispose();
        Model.Dispose();
        Faces.Dispose();
        Mesh.Dispose();
    }
}

/// <summary>Collects reports on the reporting thread, in order (unlike Progress&lt;T&gt;, which posts).</summary>
internal sealed class RecordingProgress : IProgress<PipelineProgress>
{
    private readonly Lock _gate = new();
    public List<PipelineProgress> Reports { get; } = [];
    public void Report(PipelineProgress value) { lock (_gate) Reports.Add(value); }
}
