using System.Diagnostics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VoiceMirror.Engine.Audio;

namespace VoiceMirror.Engine.Animators.Wav2Lip;

/// <summary>
/// Wav2Lip's frames: the render's frames go to the shared <see cref="Wav2LipBatcher"/> chunk by chunk, and each
/// generated mouth is blended into a copy of the base frame. The next chunk is already submitted while this one is
/// blended, so the batcher always has this render's frames to pack. Runs as the producer of a <see cref="FrameStream"/>,
/// so frames are made while ffmpeg encodes.
/// </summary>
internal sealed class Wav2LipFrameSource(
    Wav2LipBatcher batcher, float[,] mel, int frameCount, int fps, float[] faceInput,
    MouthBlender blender, Image<Rgb24> baseFrame, int chunkSize, IProgress<int>? framesDone)
{
    private const int MelWindowLength = MelWindows.Bands * MelWindows.WindowColumns;

    public double InferenceSeconds { get; private set; }
    public double CompositeSeconds { get; private set; }

    public IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAllAsync(CancellationToken ct) =>
        FrameStream.RunAsync(baseFrame.Width * baseFrame.Height * 3, frameCount, Math.Clamp(chunkSize, 4, 64), ProduceAsync, ct);

    private async Task ProduceAsync(FrameSink sink, CancellationToken ct)
    {
        var outLength = 3 * batcher.FaceSize * batcher.FaceSize;
        // Two chunks per render: while one is blended, the other is inferred or waits in the batcher.
        var buffers = new[] { (Mel: new float[chunkSize * MelWindowLength], Output: new float[chunkSize * outLength]),
                              (Mel: new float[chunkSize * MelWindowLength], Output: new float[chunkSize * outLength]) };
        var clock = new Stopwatch();
        var window = new byte[FrameStream.ParallelFrames][];
        Task Submit(int start, int slot)
        {
            var n = Math.Min(chunkSize, frameCount - start);
            var (melBuffer, output) = buffers[slot];
            for (var i = 0; i < n; i++)
                MelWindows.CopyWindow(mel, start + i, fps, melBuffer.AsSpan(i * MelWindowLength, MelWindowLength));
            return batcher.InferAsync(faceInput, melBuffer.AsMemory(0, n * MelWindowLength), n, output.AsMemory(0, n * outLength), ct);
        }

        var inFlight = new Task[2];
        for (var slot = 0; slot < 2 && slot * chunkSize < frameCount; slot++) inFlight[slot] = Submit(slot * chunkSize, slot);
        for (int start = 0, slot = 0; start < frameCount; start += chunkSize, slot ^= 1)
        {
            var n = Math.Min(chunkSize, frameCount - start);
            clock.Restart();
            await inFlight[slot].ConfigureAwait(false);
            InferenceSeconds += clock.Elapsed.TotalSeconds;

            var output = buffers[slot].Output;
            for (var first = 0; first < n; first += window.Length)
            {
                var count = Math.Min(window.Length, n - first);
                for (var i = 0; i < count; i++) window[i] = sink.Rent();
                clock.Restart();
                // The blender is immutable, so a few frames are blended at once; they still leave in order.
                FrameWindows.ForEach(count, i => blender.Blend(baseFrame,
                    output.AsSpan((first + i) * outLength, outLength), window[i].AsSpan(0, sink.FrameBytes)), ct);
                CompositeSeconds += clock.Elapsed.TotalSeconds;
                for (var i = 0; i < count; i++) await sink.WriteAsync(window[i], ct).ConfigureAwait(false);
            }
            framesDone?.Report(start + n);
            // This slot's buffers are free again: the chunk after the next one goes into them.
            if (start + 2 * chunkSize < frameCount) inFlight[slot] = Submit(start + 2 * chunkSize, slot);
        }
    }
}
