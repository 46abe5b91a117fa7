using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace VoiceMirror.Engine.Animators.Wav2Lip;

/// <summary>
/// One fixed batch shape of a <see cref="Wav2LipModel"/> with its buffers allocated once and bound through
/// <see cref="OrtIoBinding"/>: the batcher writes frames straight into <see cref="Mel"/> and <see cref="Faces"/>, and
/// reads <see cref="Output"/>, with no per-batch allocation. On CUDA the inputs and output live in device buffers at
/// fixed addresses (what a captured CUDA graph replays against), filled from page-locked host buffers; on the CPU the
/// host buffers are the bound tensors themselves.
/// </summary>
internal sealed unsafe class BoundBatch : IDisposable
{
    private const int MelLength = 80 * 16;

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions;
    private readonly OrtIoBinding _binding;
    private readonly OrtValue _mel, _faces, _output;
    private readonly long _melBytes, _faceBytes, _outBytes;
    // Page-locked host copies of the three tensors; zero on the CPU, where the tensors are host memory already.
    private readonly IntPtr _hostMel, _hostFaces, _hostOutput;
    private readonly IntPtr _deviceMel, _deviceFaces, _deviceOutput;
    private readonly OrtMemoryInfo? _deviceInfo;

    public int Batch { get; }
    public int FaceLength { get; }
    public int OutputLength { get; }
    public bool OnDevice => _deviceInfo is not null;

    internal BoundBatch(InferenceSession session, RunOptions runOptions, string melName, string faceName, string outputName,
        int faceSize, int batch, int? cudaDevice)
    {
        _session = session;
        _runOptions = runOptions;
        Batch = batch;
        FaceLength = 6 * faceSize * faceSize;
        OutputLength = 3 * faceSize * faceSize;
        _melBytes = (long)batch * MelLength * sizeof(float);
        _faceBytes = (long)batch * FaceLength * sizeof(float);
        _outBytes = (long)batch * OutputLength * sizeof(float);
        long[] melShape = [batch, 1, 80, 16], faceShape = [batch, 6, faceSize, faceSize], outShape = [batch, 3, faceSize, faceSize];
        _binding = session.CreateIoBinding();
        try
        {
            if (cudaDevice is { } device)
            {
                _deviceInfo = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, device, OrtMemType.Default);
                _deviceMel = CudaRuntime.AllocDevice(_melBytes, device);
                _deviceFaces = CudaRuntime.AllocDevice(_faceBytes, device);
                _deviceOutput = CudaRuntime.AllocDevice(_outBytes, device);
                _hostMel = CudaRuntime.AllocPinned(_melBytes);
                _hostFaces = CudaRuntime.AllocPinned(_faceBytes);
                _hostOutput = CudaRuntime.AllocPinned(_outBytes);
                _mel = OrtValue.CreateTensorValueWithData(_deviceInfo, TensorElementType.Float, melShape, _deviceMel, _melBytes);
                _faces = OrtValue.CreateTensorValueWithData(_deviceInfo, TensorElementType.Float, faceShape, _deviceFaces, _faceBytes);
                _output = OrtValue.CreateTensorValueWithData(_deviceInfo, TensorElementType.Float, outShape, _deviceOutput, _outBytes);
            }
            else
            {
                _mel = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, melShape);
                _faces = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, faceShape);
                _output = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, outShape);
            }
            _binding.BindInput(melName, _mel);
            _binding.BindInput(faceName, _faces);
            _binding.BindOutput(outputName, _output);
            // Defined contents: slots a short batch leaves unused are run too (one shape), so they must hold numbers.
            Mel.Clear();
            Faces.Clear();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Batch x 80 x 16 mel windows, written by the caller before <see cref="Run"/>.</summary>
    public Span<float> Mel => OnDevice ? new Span<float>((void*)_hostMel, Batch * MelLength) : _mel.GetTensorMutableDataAsSpan<float>();

    /// <summary>Batch x 6 x S x S face inputs.</summary>
    public Span<float> Faces => OnDevice ? new Span<float>((void*)_hostFaces, Batch * FaceLength) : _faces.GetTensorMutableDataAsSpan<float>();

    /// <summary>Batch x 3 x S x S generated faces, valid after <see cref="Run"/> until the next one.</summary>
    public ReadOnlySpan<float> Output => OnDevice ? new ReadOnlySpan<float>((void*)_hostOutput, Batch * OutputLength) : _output.GetTensorDataAsSpan<float>();

    /// <summary>Runs the whole batch; on CUDA, host → device, the graph (captured on an early run, replayed after), device → host.</summary>
    public void Run()
    {
        if (OnDevice)
        {
            CudaRuntime.Upload(_deviceMel, _hostMel, _melBytes);
            CudaRuntime.Upload(_deviceFaces, _hostFaces, _faceBytes);
        }
        RunOnDevice();
        if (OnDevice) CudaRuntime.Download(_hostOutput, _deviceOutput, _outBytes);
    }

    /// <summary>The graph alone, inputs and output already where they are bound (device-resident timing).</summary>
    public void RunOnDevice()
    {
        _session.RunWithBinding(_runOptions, _binding);
        // ONNX Runtime computes on its own stream; the copies above and below go through the default one.
        if (OnDevice) CudaRuntime.Synchronize();
    }

    public void Dispose()
    {
        _binding.Dispose();
        _mel?.Dispose();
        _faces?.Dispose();
        _output?.Dispose();
        _deviceInfo?.Dispose();
        CudaRuntime.FreeDevice(_deviceMel);
        CudaRuntime.FreeDevice(_deviceFaces);
        CudaRuntime.FreeDevice(_deviceOutput);
        CudaRuntime.FreePinned(_hostMel);
        CudaRuntime.FreePinned(_hostFaces);
        CudaRuntime.FreePinned(_hostOutput);
    }
}
