using System.Buffers;
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

    /// <summary>
    /// Blended frames waiting for the encoder: two windows, so ffmpeg always has frames while the next window is blended.
    /// A whole chunk would hold tens of megabytes per render for nothing: the next chunk's inference finishes long
    /// before the encoder has taken this one.
    /// </summary>
    private static int FramesAhead => Math.Max(4, 2 * FrameStream.ParallelFrames);

    public IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAllAsync(CancellationToken ct) =>
        FrameStream.RunAsync(baseFrame.Width * baseFrame.Height * 3, frameCount, FramesAhead, ProduceAsync, ct);

    private async Task ProduceAsync(FrameSink sink, CancellationToken ct)
    {
        var outLength = 3 * batcher.FaceSize * batcher.FaceSize;
        // Two chunks per render: while one is blended, the other is inferred or waits in the batcher. Megabytes each, so
        // they come from the shared pool and go back once no batch can still be writing into them.
        var pool = ArrayPool<float>.Shared;
        var buffers = new[] { (Mel: pool.Rent(chunkSize * MelWindowLength), Output: pool.Rent(chunkSize * outLength)),
                              (Mel: pool.Rent(chunkSize * MelWindowLength), Output: pool.Rent(chunkSize * outLength)) };
        Task Submit(int start, int slot)
        {
            var n = Math.Min(chunkSize, frameCount - start);
            var (melBuffer, output) = buffers[slot];
            for (var i = 0; i < n; i++)
                MelWindows.CopyWindow(mel, start + i, fps, melBuffer.AsSpan(i * MelWindowLength, MelWindowLength));
            return batcher.InferAsync(faceInput, melBuffer.AsMemory(0, n * MelWindowLength), n, output.AsMemory(0, n * outLength), ct);
        }

        Task[] inFlight = [Task.CompletedTask, Task.CompletedTask];
        try
        {
            for (var slot = 0; slot < 2 && slot * chunkSize < frameCount; slot++) inFlight[slot] = Submit(slot * chunkSize, slot);
            await BlendAllAsync(sink, buffers, inFlight, Submit, outLength, ct).ConfigureAwait(false);
        }
        finally
        {
            // A failed or cancelled render can leave a chunk in a batch; its buffers go back only after that batch.
            await Task.WhenAll(inFlight).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            foreach (var (melBuffer, output) in buffers) { pool.Return(melBuffer); pool.Return(output); }
        }
    }

    private async Task BlendAllAsync(FrameSink sink, (float[] Mel, float[] Output)[] buffers, Task[] inFlight,
        Func<int, int, Task> submit, int outLength, CancellationToken ct)
    {
        var clock = new Stopwatch();
        var window = new byte[FrameStream.ParallelFrames][];
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
            if (start + 2 * chunkSize < frameCount) inFlight[slot] = submit(start + 2 * chunkSize, slot);
        }
    }
}
