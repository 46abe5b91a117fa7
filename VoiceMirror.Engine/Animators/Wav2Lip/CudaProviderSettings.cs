namespace VoiceMirror.Engine.Animators.Wav2Lip;

/// <summary>
/// ONNX Runtime CUDA execution-provider settings for Wav2Lip, a network made almost only of convolutions.
/// NHWC layout and TF32 let cuDNN use the tensor cores (PyTorch allows TF32 for convolutions by default
/// too); the exhaustive algorithm search is paid once per input shape, which <see cref="Wav2LipModel"/>
/// keeps constant. <see cref="EngineOptions.CudaProviderOptions"/> ("key=value;key=value", set by the
/// <c>VOICEMIRROR_ORT_CUDA</c> variable) overrides any of them for tuning on a particular GPU without a rebuild.
/// </summary>
public static class CudaProviderSettings
{
    public const string Variable = "VOICEMIRROR_ORT_CUDA";

    private static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        ["device_id"] = "0",
        ["cudnn_conv_algo_search"] = "EXHAUSTIVE",
        ["cudnn_conv_use_max_workspace"] = "1",
        ["do_copy_in_default_stream"] = "1",
        ["prefer_nhwc"] = "1",
        ["use_tf32"] = "1",
    };

    /// <summary>The defaults with the overrides in <paramref name="overrides"/> applied.</summary>
    public static Dictionary<string, string> Resolve(string? overrides)
    {
        var settings = new Dictionary<string, string>(Defaults);
        foreach (var pair in (overrides ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0)
                throw new EngineException(EngineError.ModelUnsupported,
                    $"{Variable} must look like 'key=value;key=value'; '{pair}' does not.");
            settings[parts[0]] = parts[1];
        }
        return settings;
    }
}
