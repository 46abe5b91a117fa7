using System.Diagnostics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VoiceMirror.Engine.Audio;

namespace VoiceMirror.Engine.Animators.Wav2Lip;

/// <summary>
/// Wav2Lip's frames: the model runs batch by batch and each generated mouth is blended into a copy of the base
/// frame. Runs as the producer of a <see cref="FrameStream"/>, so the next batch is inferred while ffmpeg encodes.
/// </summary>
internal sealed class Wav2LipFrameSource(
    Wav2LipModel model, float[,] mel, int frameCount, int fps, float[] faceInput,
    MouthBlender blender, Image<Rgb24> baseFrame, int batchSize, IProgress<int>? framesDone)
{
    private const int MelWindowLength = MelWindows.Bands * MelWindows.WindowColumns;

    public double InferenceSeconds { get; private set; }
    public double CompositeSeconds { get; private set; }

    public IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAllAsync(CancellationToken ct) =>
        FrameStream.RunAsync(baseFrame.Width * baseFrame.Height * 3, frameCount, Math.Clamp(batchSize, 4, 64), ProduceAsync, ct);

    private async Task ProduceAsync(FrameSink sink, CancellationToken ct)
    {
        var faceLength = faceInput.Length;
        var outLength = 3 * model.FaceSize * model.FaceSize;
        var melBatch = new float[batchSize * MelWindowLength];
        var faces = new float[batchSize * faceLength];
        var output = new float[batchSize * outLength];
        // The photo is still, so every frame of every batch gets the same face input: fill it once.
        for (var i = 0; i < batchSize; i++) faceInput.CopyTo(faces, i * faceLength);

        var clock = new Stopwatch();
        for (var start = 0; start < frameCount; start += batchSize)
        {
            ct.ThrowIfCancellationRequested();
            var n = Math.Min(batchSize, frameCount - start);
            clock.Restart();
            for (var i = 0; i < n; i++)
                MelWindows.CopyWindow(mel, start + i, fps, melBatch.AsSpan(i * MelWindowLength, MelWindowLength));
            model.Run(melBatch.AsSpan(0, n * MelWindowLength), faces.AsSpan(0, n * faceLength), n,
                output.AsSpan(0, n * outLength));
            InferenceSeconds += clock.Elapsed.TotalSeconds;

            for (var i = 0; i < n; i++)
            {
                var frame = sink.Rent();
                clock.Restart();
                blender.Blend(baseFrame, output.AsSpan(i * outLength, outLength), frame.AsSpan(0, sink.FrameBytes));
                CompositeSeconds += clock.Elapsed.TotalSeconds;
                await sink.WriteAsync(frame, ct).ConfigureAwait(false);
            }
            framesDone?.Report(start + n);
        }
    }
}
