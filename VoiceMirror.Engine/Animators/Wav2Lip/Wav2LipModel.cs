using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace VoiceMirror.Engine.Animators.Wav2Lip;

/// <summary>
/// A Wav2Lip generator in ONNX form: mel window [N,1,80,16] + face [N,6,S,S] → face [N,3,S,S] (BGR, [0,1]).
/// Inputs are found by shape because public conversions name them differently. One session is kept
/// for the model's lifetime; Run is safe to call from several threads (ONNX Runtime's Run is).
/// </summary>
public sealed partial class Wav2LipModel : IDisposable
{
    private const int MelBins = 80, MelSteps = 16;

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string _melInput, _faceInput, _output;
    // > 0 when the export fixed the batch dimension; Run then feeds chunks of exactly that size.
    private readonly int _fixedBatch;
    // Set when the session was created to capture a CUDA graph: it then runs only through one BoundBatch.
    private readonly bool _cudaGraph;
    private readonly int _cudaDevice;
    private bool _graphBound;
    // On CUDA every new input shape costs a cuDNN algorithm search (about a second at batch 256), so short
    // last batches are padded up to the largest batch seen and the GPU only ever sees one shape.
    private int _cudaBatch;

    /// <summary>Side S of the square face crop the model works on (96 for Wav2Lip, larger for HD variants).</summary>
    public int FaceSize { get; }

    /// <summary>"CUDA" when the CUDA execution provider was loaded, otherwise "CPU".</summary>
    public string ExecutionProvider { get; }

    /// <summary>The model's file name.</summary>
    public string ModelName { get; }

    /// <summary>True when the session replays a captured CUDA graph (one fixed batch shape, run through a bound batch).</summary>
    public bool CudaGraph => _cudaGraph;

    /// <param name="cudaGraph">
    /// Capture the graph of the first bound batch and replay it: no per-kernel launch cost, but the session then runs only
    /// that one shape through <see cref="Bind"/>. Ignored on the CPU.
    /// </param>
    /// <exception cref="EngineException">ModelMissing, ModelUnsupported.</exception>
    public Wav2LipModel(string modelPath, bool useCuda, ILogger? logger = null, string? cudaOverrides = null, bool cudaGraph = false)
    {
        ModelName = Path.GetFileName(modelPath);
        if (!File.Exists(modelPath))
            throw new EngineException(EngineError.ModelMissing, $"Wav2Lip model '{modelPath}' does not exist.");

        var settings = CudaProviderSettings.Resolve(cudaOverrides);
        // The graph needs our device buffers at fixed addresses, so only where libcudart is there to make them.
        if (cudaGraph && useCuda && CudaRuntime.Available()) settings.TryAdd("enable_cuda_graph", "1");
        (_session, ExecutionProvider) = OpenSession(modelPath, useCuda, logger, settings);
        _cudaGraph = ExecutionProvider == "CUDA" && settings.GetValueOrDefault("enable_cuda_graph") == "1";
        _cudaDevice = int.TryParse(settings.GetValueOrDefault("device_id"), out var device) ? device : 0;
        try
        {
            (_melInput, _faceInput, _output, FaceSize, _fixedBatch) = FindSignature(_session, ModelName);
        }
        catch
        {
            _session.Dispose();
            _runOptions.Dispose();
            throw;
        }
        logger?.LogInformation("Loaded {Model}: face {Size}x{Size} on {Provider}", ModelName, FaceSize, FaceSize, ExecutionProvider);
    }

    /// <summary>
    /// Runs <paramref name="batch"/> frames: <paramref name="mel"/> holds batch x 80 x 16 floats,
    /// <paramref name="faces"/> batch x 6 x S x S, and <paramref name="output"/> receives batch x 3 x S x S.
    /// </summary>
    public void Run(ReadOnlySpan<float> mel, ReadOnlySpan<float> faces, int batch, Span<float> output)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        if (_cudaGraph) throw new InvalidOperationException("A CUDA-graph session runs only through its bound batch (Bind).");
        int melLen = MelBins * MelSteps, faceLen = 6 * FaceSize * FaceSize, outLen = 3 * FaceSize * FaceSize;
        if (mel.Length < batch * melLen || faces.Length < batch * faceLen || output.Length < batch * outLen)
            throw new ArgumentException($"Buffers too small for a batch of {batch} at face size {FaceSize}.");

        var chunk = _fixedBatch > 0 ? _fixedBatch
            : ExecutionProvider == "CUDA" ? (_cudaBatch = Math.Max(_cudaBatch, batch))
            : batch;
        for (var start = 0; start < batch; start += chunk)
        {
            var n = Math.Min(chunk, batch - start);
            using var melValue = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [chunk, 1, MelBins, MelSteps]);
            using var faceValue = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [chunk, 6, FaceSize, FaceSize]);
            var melSpan = melValue.GetTensorMutableDataAsSpan<float>();
            var faceSpan = faceValue.GetTensorMutableDataAsSpan<float>();
            mel.Slice(start * melLen, n * melLen).CopyTo(melSpan);
            faces.Slice(start * faceLen, n * faceLen).CopyTo(faceSpan);
            if (n < chunk)
            {
                // Last partial chunk of a fixed-batch model (or on CUDA): pad with zeros, discard their outputs.
                melSpan[(n * melLen)..].Clear();
                faceSpan[(n * faceLen)..].Clear();
            }

            using var results = _session.Run(_runOptions, [_melInput, _faceInput], [melValue, faceValue], [_output]);
            results[0].GetTensorDataAsSpan<float>()[..(n * outLen)].CopyTo(output.Slice(start * outLen, n * outLen));
        }
    }

    /// <summary>
    /// Runs one blank batch so the first real render does not pay for CUDA kernel loading and cuDNN's
    /// algorithm search for this batch size.
    /// </summary>
    public void WarmUp(int batch)
    {
        if (_cudaGraph) throw new InvalidOperationException("Warm a CUDA-graph session through its bound batch.");
        var mel = new float[batch * MelBins * MelSteps];
        var faces = new float[batch * 6 * FaceSize * FaceSize];
        Run(mel, faces, batch, new float[batch * 3 * FaceSize * FaceSize]);
    }

    /// <summary>
    /// Buffers for batches of exactly <paramref name="batch"/> frames, bound once (device buffers on CUDA, where libcudart
    /// is found). A CUDA-graph session allows one such binding, captured on its first runs.
    /// </summary>
    internal BoundBatch Bind(int batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        if (_fixedBatch > 0 && batch != _fixedBatch)
            throw new ArgumentException($"{ModelName} takes batches of exactly {_fixedBatch} frames, not {batch}.");
        if (_cudaGraph && _graphBound) throw new InvalidOperationException("A CUDA-graph session takes one bound batch shape.");
        _graphBound |= _cudaGraph;
        int? device = ExecutionProvider == "CUDA" && CudaRuntime.Available() ? _cudaDevice : null;
        return new BoundBatch(_session, _runOptions, _melInput, _faceInput, _output, FaceSize, batch, device);
    }

    /// <summary>The batch size this model must run at (a fixed-batch export), or 0 when any batch goes.</summary>
    internal int FixedBatch => _fixedBatch;

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    private static (InferenceSession, string) OpenSession(string path, bool useCuda, ILogger? logger, Dictionary<string, string> cudaSettings)
    {
        if (useCuda)
        {
            // Without a GPU, CUDA libraries or a matching driver, appending the provider or creating the
            // session throws; the render still works on the CPU, only slower, so fall back and say so.
            SessionOptions? cudaOptions = null;
            try
            {
                cudaOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = 1 };
                // Every node runs on the GPU: a CPU thread pool would only spin between batches, taking cores that the
                // renders' blending and encoding need.
                cudaOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
                using var provider = new OrtCUDAProviderOptions();
                provider.UpdateOptions(cudaSettings);
                cudaOptions.AppendExecutionProvider_CUDA(provider);
                return (new InferenceSession(path, cudaOptions), "CUDA");
            }
            catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
            {
                logger?.LogWarning("CUDA execution provider unavailable ({Reason}); running {Model} on the CPU.",
                    e.Message.Split('\n')[0], Path.GetFileName(path));
            }
            finally
            {
                cudaOptions?.Dispose();
            }
        }

        try
        {
            using var cpu = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            return (new InferenceSession(path, cpu), "CPU");
        }
        catch (OnnxRuntimeException e)
        {
            throw new EngineException(EngineError.ModelUnsupported, $"'{Path.GetFileName(path)}' is not a loadable ONNX model: {e.Message}", e);
        }
    }

    /// <summary>Finds the mel input [N,1,80,16], the face input [N,6,S,S] and the output [N,3,S,S].</summary>
    private static (string Mel, string Face, string Output, int Size, int FixedBatch) FindSignature(InferenceSession session, string name)
    {
        string? mel = null, face = null;
        int size = 0, fixedBatch = 0;
        foreach (var (inputName, meta) in session.InputMetadata)
        {
            var d = meta.Dimensions;
            if (meta.ElementDataType != TensorElementType.Float || d.Length != 4) continue;
            if (d[1] == 1 && d[2] == MelBins && d[3] == MelSteps) mel = inputName;
            else if (d[1] == 6 && d[2] == d[3])
            {
                face = inputName;
                // Wav2Lip's encoder reduces 96 px to 1x1, so a dynamic spatial size can only mean 96.
                size = d[2] > 0 ? d[2] : 96;
                fixedBatch = Math.Max(0, d[0]);
            }
        }
        var outputs = session.OutputMetadata.Where(o => o.Value.Dimensions is [_, 3, var h, var w] && (h == size || h < 0) && (w == size || w < 0)).ToList();
        if (mel is null || face is null || session.InputMetadata.Count != 2 || outputs.Count != 1)
            throw new EngineException(EngineError.ModelUnsupported,
                $"'{name}' does not have the Wav2Lip signature (float inputs [N,1,80,16] and [N,6,S,S], one output [N,3,S,S]); " +
                $"it has inputs {Describe(session.InputMetadata)} and outputs {Describe(session.OutputMetadata)}.");
        return (mel, face, outputs[0].Key, size, fixedBatch);
    }

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        string.Join(", ", nodes.Select(n => $"{n.Key}[{string.Join(",", n.Value.Dimensions)}]"));
}
