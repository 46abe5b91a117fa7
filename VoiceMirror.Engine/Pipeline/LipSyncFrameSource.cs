using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VoiceMirror.Engine.Audio;
using VoiceMirror.Engine.Compose;
using VoiceMirror.Engine.LipSync;

namespace VoiceMirror.Engine.Pipeline;

/// <summary>
/// The video's frames: Wav2Lip runs batch by batch on a worker task and each generated mouth is blended into
/// a copy of the base frame. Frames reach the encoder through a bounded channel, so the next batch is
/// inferred while ffmpeg encodes this one, and at most <c>capacity + 2</c> frame buffers exist at once.
/// </summary>
internal sealed class LipSyncFrameSource(
    Wav2LipModel model, float[,] mel, int frameCount, int fps, float[] faceInput,
    MouthBlender blender, Image<Rgb24> baseFrame, int batchSize, ProgressTracker progress)
{
    private const int MelWindowLength = MelWindows.Bands * MelWindows.WindowColumns;
    private readonly int _frameBytes = baseFrame.Width * baseFrame.Height * 3;

    public double InferenceSeconds { get; private set; }
    public double CompositeSeconds { get; private set; }

    /// <summary>Seconds the encoder side spent waiting for frames (the part of its wall time inference owns).</summary>
    public double EncoderWaitSeconds { get; private set; }

    /// <summary>Test hook: sees every frame, in order, before it is encoded; the memory is reused afterwards.</summary>
    public Action<int, ReadOnlyMemory<byte>>? FrameObserver { get; init; }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var capacity = Math.Clamp(batchSize, 4, 64);
        // A private pool sized to what can be in flight, so every buffer is reused rather than reallocated.
        var pool = ArrayPool<byte>.Create(_frameBytes, capacity + 4);
        var channel = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(() => ProduceAsync(channel.Writer, pool, stop.Token), CancellationToken.None);
        byte[]? current = null;
        var index = 0;
        try
        {
            var wait = Stopwatch.StartNew();
            while (await channel.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var frame))
                {
                    EncoderWaitSeconds += wait.Elapsed.TotalSeconds;
                    // The writer is done with the previous frame once it asks for the next one.
                    if (current is not null) pool.Return(current);
                    current = frame;
                    var memory = frame.AsMemory(0, _frameBytes);
                    // Not FrameObserver?.Invoke(index++, …): ?. would skip the increment when there is no observer.
                    FrameObserver?.Invoke(index, memory);
                    index++;
                    yield return memory;
                    wait.Restart();
                }
            }
            // Surfaces the producer's own exception (model failure, cancellation) rather than a closed channel.
            await producer.ConfigureAwait(false);
            if (index != frameCount)
                throw new InvalidOperationException($"Produced {index} frames, expected {frameCount}.");
        }
        finally
        {
            stop.Cancel();
            // Wait for the worker before touching buffers it may still hold; its error, if any, was seen above.
            await producer.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            if (current is not null) pool.Return(current);
            while (channel.Reader.TryRead(out var left)) pool.Return(left);
        }
    }

    private async Task ProduceAsync(ChannelWriter<byte[]> writer, ArrayPool<byte> pool, CancellationToken ct)
    {
        try
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
                progress.ReportFrames(PipelineStage.Inference, start, frameCount);
                clock.Restart();
                for (var i = 0; i < n; i++)
                    MelWindows.CopyWindow(mel, start + i, fps, melBatch.AsSpan(i * MelWindowLength, MelWindowLength));
                model.Run(melBatch.AsSpan(0, n * MelWindowLength), faces.AsSpan(0, n * faceLength), n,
                    output.AsSpan(0, n * outLength));
                InferenceSeconds += clock.Elapsed.TotalSeconds;

                for (var i = 0; i < n; i++)
                {
                    var frame = pool.Rent(_frameBytes);
                    clock.Restart();
                    blender.Blend(baseFrame, output.AsSpan(i * outLength, outLength), frame.AsSpan(0, _frameBytes));
                    CompositeSeconds += clock.Elapsed.TotalSeconds;
                    try
                    {
                        await writer.WriteAsync(frame, ct).ConfigureAwait(false);
                    }
                    catch
                    {
                        pool.Return(frame);
                        throw;
                    }
                }
                progress.ReportFrames(PipelineStage.Composite, start + n, frameCount);
            }
        }
        finally
        {
            writer.TryComplete();
        }
    }
}
