using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace VoiceMirror.Engine.Animators;

/// <summary>Fills a window slot from the source frame; runs in order, one frame at a time (it may keep state).</summary>
public delegate void FramePrepare(int index, ReadOnlySpan<byte> frame, Span<byte> slot);

/// <summary>Turns a prepared slot into an output frame; runs for several frames at once, so it must keep no state.</summary>
public delegate void FrameTransform(int index, ReadOnlySpan<byte> slot, Span<byte> output);

/// <summary>
/// A per-frame stage that uses the cores a render has to itself without holding up the stages around it: frames are
/// taken in windows of <see cref="FrameStream.ParallelFrames"/>, each window is transformed in parallel on the thread
/// pool while the previous window is handed on, and the next one is read meanwhile. Output order is input order.
/// Buffers come from the shared pool, so renders reuse each other's instead of each allocating its own.
/// </summary>
public static class FrameWindows
{
    /// <param name="slotBytes">Bytes <paramref name="prepare"/> writes per frame.</param>
    /// <param name="outputBytes">Bytes <paramref name="transform"/> writes per frame: the length of each yielded frame.</param>
    /// <returns>Each output frame is valid until the next one is asked for.</returns>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> MapAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> source,
        int slotBytes, int outputBytes, FramePrepare prepare, FrameTransform transform,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var size = FrameStream.ParallelFrames;
        Window[] windows = [new(size, slotBytes, outputBytes), new(size, slotBytes, outputBytes)];
        var transforming = Task.CompletedTask;
        try
        {
            await using var frames = source.GetAsyncEnumerator(ct);
            int next = 0, index = 0;
            Window? ready = null;
            while (true)
            {
                var window = windows[next];
                window.Count = 0;
                while (window.Count < size && await frames.MoveNextAsync().ConfigureAwait(false))
                {
                    prepare(index + window.Count, frames.Current.Span, window.Slots[window.Count].AsSpan(0, slotBytes));
                    window.Count++;
                }
                var first = index;
                index += window.Count;
                // The window before this one must be done before its frames go out; this one starts meanwhile.
                await transforming.ConfigureAwait(false);
                transforming = window.Count == 0 ? Task.CompletedTask : Task.Run(() => ForEach(window.Count,
                    i => transform(first + i, window.Slots[i].AsSpan(0, slotBytes), window.Outputs[i].AsSpan(0, outputBytes)), ct), ct);
                if (ready is not null)
                    for (var i = 0; i < ready.Count; i++) yield return ready.Outputs[i].AsMemory(0, outputBytes);
                if (window.Count == 0) yield break;
                ready = window;
                next ^= 1;
            }
        }
        finally
        {
            // A window may still be in the workers' hands when the consumer stops early: its buffers go back after it.
            await transforming.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            foreach (var window in windows) window.Return();
        }
    }

    /// <summary>Runs <paramref name="body"/> for 0..count-1 in parallel; a single failure surfaces as itself, not wrapped.</summary>
    public static void ForEach(int count, Action<int> body, CancellationToken ct)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { CancellationToken = ct }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }

    private sealed class Window(int size, int slotBytes, int outputBytes)
    {
        public byte[][] Slots { get; } = Enumerable.Range(0, size).Select(_ => ArrayPool<byte>.Shared.Rent(slotBytes)).ToArray();
        public byte[][] Outputs { get; } = Enumerable.Range(0, size).Select(_ => ArrayPool<byte>.Shared.Rent(outputBytes)).ToArray();
        public int Count { get; set; }

        public void Return()
        {
            foreach (var buffer in Slots.Concat(Outputs)) ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
