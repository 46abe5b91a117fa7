using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace VoiceMirror.Engine.LipSync;

/// <summary>
/// The CUDA side of <see cref="Wav2LipModel"/>: inputs and outputs live in page-locked host buffers bound
/// once per batch size, so the copies to and from the GPU run at full bus speed and nothing is allocated
/// per batch (a batch of 64 moves about 21 MB each way).
/// </summary>
public sealed partial class Wav2LipModel
{
    private readonly Lock _cudaLock = new();
    private OrtMemoryInfo? _pinnedInfo;
    private OrtAllocator? _pinnedAllocator;
    private PinnedBatch? _pinned;
    private bool _pinnedUnavailable;

    private bool TryRunPinned(ReadOnlySpan<float> mel, ReadOnlySpan<float> faces, int batch, int chunk, Span<float> output)
    {
        if (_pinnedUnavailable) return false;
        int melLen = MelBins * MelSteps, faceLen = 6 * FaceSize * FaceSize, outLen = 3 * FaceSize * FaceSize;
        lock (_cudaLock)
        {
            try
            {
                for (var start = 0; start < batch; start += chunk)
                {
                    var n = Math.Min(chunk, batch - start);
                    var buffers = PinnedFor(chunk);
                    var melSpan = buffers.Mel.GetTensorMutableDataAsSpan<float>();
                    var faceSpan = buffers.Faces.GetTensorMutableDataAsSpan<float>();
                    mel.Slice(start * melLen, n * melLen).CopyTo(melSpan);
                    faces.Slice(start * faceLen, n * faceLen).CopyTo(faceSpan);
                    if (n < chunk)
                    {
                        melSpan[(n * melLen)..].Clear();
                        faceSpan[(n * faceLen)..].Clear();
                    }
                    _session.RunWithBinding(_runOptions, buffers.Binding);
                    buffers.Binding.SynchronizeBoundOutputs();
                    using var results = buffers.Binding.GetOutputValues();
                    results[0].GetTensorDataAsSpan<float>()[..(n * outLen)].CopyTo(output.Slice(start * outLen, n * outLen));
                }
                return true;
            }
            catch (OnnxRuntimeException)
            {
                // A build or driver without pinned buffers for this provider: the plain path still works.
                _pinnedUnavailable = true;
                DisposeCudaBuffers();
                return false;
            }
        }
    }

    private PinnedBatch PinnedFor(int chunk)
    {
        if (_pinned?.Size == chunk) return _pinned;
        _pinned?.Dispose();
        _pinned = null;
        _pinnedInfo ??= new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA_PINNED, OrtAllocatorType.DeviceAllocator, 0, OrtMemType.CpuOutput);
        _pinnedAllocator ??= new OrtAllocator(_session, _pinnedInfo);
        _pinned = new PinnedBatch(chunk, this, _pinnedAllocator, _pinnedInfo);
        return _pinned;
    }

    /// <summary>
    /// Frames per second of the graph alone, with inputs and outputs already on the GPU (no host copies),
    /// the way PyTorch throughput is usually measured. Input values are left as allocated: the cost of a
    /// convolution does not depend on them.
    /// </summary>
    internal double MeasureOnDevice(int batch, TimeSpan budget, CancellationToken ct)
    {
        if (ExecutionProvider != "CUDA") throw new InvalidOperationException("Device-resident timing needs the CUDA provider.");
        var device = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, 0, OrtMemType.Default);
        using var allocator = new OrtAllocator(_session, device);
        using var mel = OrtValue.CreateAllocatedTensorValue(allocator, TensorElementType.Float, [batch, 1, MelBins, MelSteps]);
        using var faces = OrtValue.CreateAllocatedTensorValue(allocator, TensorElementType.Float, [batch, 6, FaceSize, FaceSize]);
        using var binding = _session.CreateIoBinding();
        binding.BindInput(_melInput, mel);
        binding.BindInput(_faceInput, faces);
        binding.BindOutputToDevice(_output, device);
        _session.RunWithBinding(_runOptions, binding); // warm-up: memory planning, cuDNN search for this shape
        binding.SynchronizeBoundOutputs();

        var runs = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (runs < 3 || clock.Elapsed < budget)
        {
            ct.ThrowIfCancellationRequested();
            _session.RunWithBinding(_runOptions, binding);
            runs++;
        }
        binding.SynchronizeBoundOutputs();
        return runs * batch / clock.Elapsed.TotalSeconds;
    }

    private void DisposeCudaBuffers()
    {
        _pinned?.Dispose();
        _pinned = null;
        _pinnedAllocator?.Dispose();
        _pinnedAllocator = null;
    }

    private sealed class PinnedBatch : IDisposable
    {
        public int Size { get; }
        public OrtValue Mel { get; }
        public OrtValue Faces { get; }
        public OrtIoBinding Binding { get; }

        // ORT allocates the output itself in pinned memory (binding a preallocated pinned output makes the
        // CUDA provider copy a buffer onto itself and fail).
        public PinnedBatch(int size, Wav2LipModel model, OrtAllocator pinned, OrtMemoryInfo pinnedInfo)
        {
            Size = size;
            Mel = OrtValue.CreateAllocatedTensorValue(pinned, TensorElementType.Float, [size, 1, MelBins, MelSteps]);
            Faces = OrtValue.CreateAllocatedTensorValue(pinned, TensorElementType.Float, [size, 6, model.FaceSize, model.FaceSize]);
            Binding = model._session.CreateIoBinding();
            Binding.BindInput(model._melInput, Mel);
            Binding.BindInput(model._faceInput, Faces);
            Binding.BindOutputToDevice(model._output, pinnedInfo);
        }

        public void Dispose()
        {
            Binding.Dispose();
            Mel.Dispose();
            Faces.Dispose();
        }
    }
}
