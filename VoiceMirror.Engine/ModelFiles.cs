namespace VoiceMirror.Engine;

/// <summary>Finds the model files on disk, with an error that tells the user how to install a missing one.</summary>
public static class ModelFiles
{
    /// <summary>Environment variable (read as configuration) that sets <see cref="EngineOptions.Wav2LipPath"/>.</summary>
    public const string Wav2LipPathVariable = "WAV2LIP_PATH";

    /// <summary>Absolute path of the Wav2Lip model: <see cref="EngineOptions.Wav2LipPath"/> when set, else
    /// <see cref="EngineOptions.Wav2LipModel"/> in the models folder.</summary>
    /// <exception cref="EngineException">ModelMissing.</exception>
    public static string ResolveWav2Lip(EngineOptions o)
    {
        if (!string.IsNullOrWhiteSpace(o.Wav2LipPath))
        {
            var path = Path.GetFullPath(o.Wav2LipPath);
            if (File.Exists(path)) return path;
            throw new EngineException(EngineError.ModelMissing,
                $"The Wav2Lip model '{Path.GetFileName(path)}' named by {Wav2LipPathVariable} (VoiceMirror:Engine:Wav2LipPath) was not found in '{Path.GetDirectoryName(path)}'. " +
                "Fix the variable, or unset it and install the model with `bash models/install.sh --wav2lip PATH` (see models/README.md).");
        }
        return Resolve(o.ModelsDirectory, o.Wav2LipModel,
            "Obtain Wav2Lip weights as described in models/README.md and install them with `bash models/install.sh --wav2lip PATH`.");
    }

    /// <summary>Absolute path of the BlazeFace model (<see cref="EngineOptions.FaceDetectorModel"/> in the models folder).</summary>
    /// <exception cref="EngineException">ModelMissing.</exception>
    public static string ResolveFaceDetector(EngineOptions o) =>
        Resolve(o.ModelsDirectory, o.FaceDetectorModel,
            "Install it with `bash models/install.sh --face-detector` (see models/README.md).");

    /// <summary>Absolute path of the Face Mesh model (<see cref="EngineOptions.FaceMeshModel"/> in the models folder).</summary>
    /// <exception cref="EngineException">ModelMissing.</exception>
    public static string ResolveFaceMesh(EngineOptions o) =>
        Resolve(o.ModelsDirectory, o.FaceMeshModel,
            "It is committed in the repository as models/builtin/face_landmark.onnx: copy that folder into the models folder (see models/README.md).");

    private static string Resolve(string directory, string file, string howToInstall)
    {
        // Path.Combine keeps 'file' as is when it is already absolute.
        var path = Path.GetFullPath(Path.Combine(directory, file));
        if (File.Exists(path)) return path;
        throw new EngineException(EngineError.ModelMissing,
            $"Model file '{Path.GetFileName(path)}' was not found in '{Path.GetDirectoryName(path)}'. {howToInstall}");
    }
}
