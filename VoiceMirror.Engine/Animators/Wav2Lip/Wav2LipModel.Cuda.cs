using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace VoiceMirror.Engine.Animators.Wav2Lip;

/// <summary>
/// GPU-only measurement for <see cref="Wav2LipModel"/>: the graph's own throughput, separate from the
/// host-to-GPU copies that a render pays (about 21 MB each way for a batch of 64).
/// </summary>
public sealed partial class Wav2LipModel
{
    /// <summary>
    /// Frames per second of the graph alone, with inputs and outputs already on the GPU (no host copies),
    /// the way PyTorch throughput is usually measured. Input values are left as allocated: the cost of a
    /// convolution does not depend on them.
    /// </summary>
    internal double MeasureOnDevice(int batch, TimeSpan budget, CancellationToken ct)
    {
        if (ExecutionProvider != "CUDA") throw new InvalidOperationException("Device-resident timing needs the CUDA provider.");
        using var device = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, 0, OrtMemType.Default);
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
}
