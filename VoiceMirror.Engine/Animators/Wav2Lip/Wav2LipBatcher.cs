using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace VoiceMirror.Engine.Animators.Wav2Lip;

/// <summary>
/// Cross-request batching for one Wav2Lip session (one per GPU): every render in flight submits chunks of its frames
/// (mel windows plus its one face input), and a single loop packs frames from all waiting chunks into fixed-size
/// batches, waiting at most <c>linger</c> for a fuller batch. Each chunk completes when all its frames are back, so a
/// render keeps its own frame order. A cancelled chunk's frames that are not yet packed are dropped; a batch whose
/// inference throws fails only the chunks that had frames in it.
/// </summary>
public sealed class Wav2LipBatcher : IDisposable
{
    private const int MelLength = 80 * 16;

    private readonly Wav2LipModel _model;
    private readonly BoundBatch _batch;
    private readonly TimeSpan _linger;
    private readonly Action<Action> _runBatch;
    private readonly ILogger? _logger;
    private readonly object _gate = new();
    private readonly List<Chunk> _incoming = [];
    private readonly Thread _loop;
    private bool _closed;
    private long _batches, _frames;

    /// <param name="batchSize">Frames per inference call: the one shape the session sees (and its CUDA graph, if any).</param>
    /// <param name="linger">How long a batch that is not full waits for more frames before it runs.</param>
    public Wav2LipBatcher(Wav2LipModel model, int batchSize, TimeSpan linger, ILogger? logger = null)
        : this(model, batchSize, linger, logger, run => run()) { }

    /// <param name="runBatch">Runs the inference it is given; tests wrap it to fail chosen batches.</param>
    internal Wav2LipBatcher(Wav2LipModel model, int batchSize, TimeSpan linger, ILogger? logger, Action<Action> runBatch)
    {
        _model = model;
        _linger = linger;
        _logger = logger;
        _runBatch = runBatch;
        _batch = model.Bind(model.FixedBatch > 0 ? model.FixedBatch : batchSize);
        _loop = new Thread(Loop) { IsBackground = true, Name = $"wav2lip-batcher-{model.ModelName}" };
        _loop.Start();
    }

    /// <summary>Frames per inference call.</summary>
    public int BatchSize => _batch.Batch;

    public int FaceSize => _model.FaceSize;

    /// <summary>The session every render on this GPU shares.</summary>
    public Wav2LipModel Model => _model;

    /// <summary>Inference calls and frames run so far (frames / batches = how full the batches were).</summary>
    public (long Batches, long Frames) Counts => (Interlocked.Read(ref _batches), Interlocked.Read(ref _frames));

    /// <summary>
    /// Infers <paramref name="frames"/> frames: <paramref name="mel"/> holds frames x 80 x 16 floats, <paramref name="face"/>
    /// the 6 x S x S input every one of them uses, and <paramref name="output"/> receives frames x 3 x S x S. Once the task
    /// is cancelled, nothing more is written to <paramref name="output"/>.
    /// </summary>
    public Task InferAsync(ReadOnlyMemory<float> face, ReadOnlyMemory<float> mel, int frames, Memory<float> output, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        if (face.Length != _batch.FaceLength || mel.Length < frames * MelLength || output.Length < frames * _batch.OutputLength)
            throw new ArgumentException($"Buffers too small for {frames} frames at face size {FaceSize}.");
        var chunk = new Chunk(face, mel, frames, output);
        if (ct.CanBeCanceled) chunk.Registration = ct.Register(static c => ((Chunk)c!).Cancel(), chunk);
        lock (_gate)
        {
            if (_closed) throw new ObjectDisposedException(nameof(Wav2LipBatcher));
            _incoming.Add(chunk);
            Monitor.Pulse(_gate);
        }
        return chunk.Completion.Task;
    }

    /// <summary>
    /// Runs a few blank batches so the first render does not pay for kernel loading, cuDNN's algorithm search and
    /// the CUDA graph's capture (ONNX Runtime captures after its first runs).
    /// </summary>
    public void WarmUp()
    {
        var face = new float[_batch.FaceLength];
        var mel = new float[BatchSize * MelLength];
        var output = new float[BatchSize * _batch.OutputLength];
        for (var i = 0; i < 3; i++) InferAsync(face, mel, BatchSize, output, CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.Pulse(_gate);
        }
        _loop.Join();
        _batch.Dispose();
    }

    private void Loop()
    {
        var pending = new List<Chunk>();
        var placed = new List<(Chunk Chunk, int First, int Count, int Slot)>();
        while (Take(pending))
        {
            placed.Clear();
            var used = 0;
            var mel = _batch.Mel;
            var faces = _batch.Faces;
            for (var i = 0; i < pending.Count && used < BatchSize; i++)
            {
                var chunk = pending[i];
                if (chunk.Completion.Task.IsCompleted) continue; // cancelled, or failed in an earlier batch
                var count = Math.Min(chunk.Frames - chunk.Packed, BatchSize - used);
                chunk.Mel.Span.Slice(chunk.Packed * MelLength, count * MelLength).CopyTo(mel[(used * MelLength)..]);
                for (var f = 0; f < count; f++) chunk.Face.Span.CopyTo(faces.Slice((used + f) * _batch.FaceLength, _batch.FaceLength));
                placed.Add((chunk, chunk.Packed, count, used));
                chunk.Packed += count;
                used += count;
            }
            pending.RemoveAll(c => c.Completion.Task.IsCompleted || c.Packed == c.Frames);
            if (used == 0) continue;

            try
            {
                _runBatch(_batch.Run);
            }
            catch (Exception e)
            {
                _logger?.LogWarning("Wav2Lip batch of {Frames} frames failed: {Error}", used, e.Message);
                foreach (var (chunk, _, _, _) in placed) chunk.Fail(e);
                pending.RemoveAll(c => c.Completion.Task.IsCompleted);
                continue;
            }
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _frames, used);
            var output = _batch.Output;
            foreach (var (chunk, first, count, slot) in placed)
                chunk.Deliver(output.Slice(slot * _batch.OutputLength, count * _batch.OutputLength), first * _batch.OutputLength, count);
        }
    }

    /// <summary>Moves new chunks into <paramref name="pending"/>, lingering for a full batch; false once closed and drained.</summary>
    private bool Take(List<Chunk> pending)
    {
        lock (_gate)
        {
            while (pending.Count == 0 && _incoming.Count == 0)
            {
                if (_closed) return false;
                Monitor.Wait(_gate);
            }
            var linger = Stopwatch.StartNew();
            while (Waiting(pending) + Waiting(_incoming) < BatchSize && !_closed)
            {
                var left = _linger - linger.Elapsed;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_gate, left)) break;
            }
            pending.AddRange(_incoming);
            _incoming.Clear();
            return true;
        }
    }

    private static int Waiting(List<Chunk> chunks)
    {
        var frames = 0;
        foreach (var c in chunks) if (!c.Completion.Task.IsCompleted) frames += c.Frames - c.Packed;
        return frames;
    }

    /// <summary>One render's request: its frames, how many are packed into batches, how many are back.</summary>
    private sealed class Chunk(ReadOnlyMemory<float> face, ReadOnlyMemory<float> mel, int frames, Memory<float> output)
    {
        public ReadOnlyMemory<float> Face { get; } = face;
        public ReadOnlyMemory<float> Mel { get; } = mel;
        public int Frames { get; } = frames;
        public int Packed { get; set; }
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CancellationTokenRegistration Registration { get; set; }
        private int _delivered;

        // Delivery and cancellation exclude each other, so a cancelled caller's buffer is never written afterwards.
        public void Cancel()
        {
            lock (this) Completion.TrySetCanceled();
        }

        public void Fail(Exception e)
        {
            lock (this) Completion.TrySetException(e);
            Registration.Dispose();
        }

        public void Deliver(ReadOnlySpan<float> generated, int offset, int count)
        {
            lock (this)
            {
                if (Completion.Task.IsCompleted) return;
                generated.CopyTo(output.Span[offset..]);
                _delivered += count;
                if (_delivered < Frames) return;
                Completion.TrySetResult();
            }
            Registration.Dispose();
        }
    }
}
