using System.Buffers;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace VoiceMirror.Engine.Animators;

/// <summary>
/// Runs an animator's frame producer on a worker task and hands its frames to the consumer (the encoder) through a
/// bounded channel, so the next frames are made while ffmpeg encodes these. A render of any length holds at most
/// <c>capacity + 2</c> frames plus those a producer is working on. The buffers come from the shared pool: renders
/// reuse each other's frames instead of each allocating its own few dozen (at hundreds of kilobytes each, every
/// render would otherwise leave tens of megabytes for the GC's large-object heap).
/// </summary>
public static class FrameStream
{
    /// <summary>
    /// How many frames of one render the per-frame stages (blend, liveliness) work on at once: enough to keep a many-core
    /// host busy with a single render, few enough that each render holds a handful of extra frames.
    /// </summary>
    public static int ParallelFrames { get; } = Math.Clamp(Environment.ProcessorCount, 1, 8);

    /// <param name="produce">Writes every frame, in order, to the sink it is given, then returns.</param>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> RunAsync(
        int frameBytes, int frameCount, int capacity, Func<FrameSink, CancellationToken, Task> produce,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var pool = ArrayPool<byte>.Shared;
        var channel = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sink = new FrameSink(channel.Writer, pool, frameBytes);
        var producer = Task.Run(async () =>
        {
            try { await produce(sink, stop.Token).ConfigureAwait(false); }
            finally { channel.Writer.TryComplete(); }
        }, CancellationToken.None);
        byte[]? current = null;
        var index = 0;
        try
        {
            while (await channel.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var frame))
                {
                    if (ct.IsCancellationRequested)
                    {
                        // Frames made ahead must not outlive a cancellation.
                        pool.Return(frame);
                        ct.ThrowIfCancellationRequested();
                    }
                    // The consumer is done with the previous frame once it asks for the next one.
                    if (current is not null) pool.Return(current);
                    current = frame;
                    index++;
                    yield return frame.AsMemory(0, frameBytes);
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
}

/// <summary>Where a producer puts its frames: rent a buffer, fill <see cref="FrameBytes"/> of it, write it.</summary>
public sealed class FrameSink
{
    private readonly ChannelWriter<byte[]> _writer;
    private readonly ArrayPool<byte> _pool;

    internal FrameSink(ChannelWriter<byte[]> writer, ArrayPool<byte> pool, int frameBytes)
    {
        _writer = writer;
        _pool = pool;
        FrameBytes = frameBytes;
    }

    public int FrameBytes { get; }

    public byte[] Rent() => _pool.Rent(FrameBytes);

    /// <summary>Hands the frame on; the buffer belongs to the stream from here, also when this throws.</summary>
    public async ValueTask WriteAsync(byte[] frame, CancellationToken ct)
    {
        try
        {
            await _writer.WriteAsync(frame, ct).ConfigureAwait(false);
        }
        catch
        {
            _pool.Return(frame);
            throw;
        }
    }
}
