using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace VoiceMirror.Engine.Vision.FaceMesh;

/// <summary>
/// MediaPipe Face Mesh (models/builtin/face_landmark.onnx, converted by tools/convert_face_mesh.py): 468 landmarks
/// from a 192x192 RGB crop in [0,1], NHWC. The crop is the <see cref="FaceRegion"/> of the face, rotated upright
/// along the eye line, so tilted heads get the same upright view the model was trained on.
/// </summary>
public sealed class FaceMeshModel : IDisposable
{
    /// <summary>Side of the square model input.</summary>
    public const int InputSize = 192;

    private const int LandmarkValues = FaceLandmarks.Count * 3;

    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly string[] _outputNames;
    private readonly RunOptions _runOptions = new();

    /// <exception cref="EngineException">ModelMissing, ModelUnsupported.</exception>
    public FaceMeshModel(string modelPath, SessionOptions? sessionOptions = null)
    {
        if (!File.Exists(modelPath))
            throw new EngineException(EngineError.ModelMissing, $"Face mesh model '{modelPath}' does not exist.");
        try
        {
            using var small = sessionOptions is null ? SmallModelSessionOptions.Create() : null;
            _session = new InferenceSession(modelPath, sessionOptions ?? small);
        }
        catch (OnnxRuntimeException e)
        {
            throw new EngineException(EngineError.ModelUnsupported, $"'{Path.GetFileName(modelPath)}' is not a loadable ONNX model: {e.Message}", e);
        }

        try
        {
            (_inputName, _outputNames) = CheckSignature(_session, modelPath);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The face's landmarks in the image's pixels. Two passes, as MediaPipe tracks: the first on the region of the
    /// detection (box and BlazeFace's eye keypoints), the second on the region of the first pass's landmarks,
    /// which frames the face the way the model was trained and steadies the result.
    /// </summary>
    public FaceLandmarks Detect(Image<Rgb24> image, FaceBox face) => Detect(image, face, out _);

    /// <inheritdoc cref="Detect(Image{Rgb24}, FaceBox)"/>
    /// <param name="presence">The model's face presence in [0,1] for the final pass (real faces score near 1).</param>
    public FaceLandmarks Detect(Image<Rgb24> image, FaceBox face, out float presence)
    {
        var first = Detect(image, FaceRegion.FromDetection(face), out presence);
        return Detect(image, FaceRegion.FromLandmarks(first), out presence);
    }

    /// <summary>One pass of the model on <paramref name="region"/>; landmarks in the image's pixels.</summary>
    public FaceLandmarks Detect(Image<Rgb24> image, FaceRegion region, out float presence)
    {
        var input = new float[InputSize * InputSize * 3];
        WriteInput(image, region, input);
        var (raw, logit) = Run(input);
        presence = 1f / (1f + MathF.Exp(-logit));
        return ToImage(raw, region);
    }

    /// <summary>Runs the model on an NHWC [1,192,192,3] tensor; raw landmarks (input pixels) and the presence logit.</summary>
    internal (float[] Landmarks, float PresenceLogit) Run(ReadOnlySpan<float> nhwc)
    {
        using var input = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float,
            [1, InputSize, InputSize, 3]);
        nhwc.CopyTo(input.GetTensorMutableDataAsSpan<float>());
        using var outputs = _session.Run(_runOptions, [_inputName], [input], _outputNames);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorDataAsSpan<float>()[0]);
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    /// <summary>
    /// Model landmark (x, y, z) in input pixels → image: <see cref="FaceRegion.ToImage"/>(x / 192, y / 192), and
    /// z * Size / 192 so depth keeps the scale of x and y (MediaPipe normalises z by the input width too).
    /// </summary>
    internal static FaceLandmarks ToImage(ReadOnlySpan<float> raw, FaceRegion region)
    {
        if (raw.Length != LandmarkValues)
            throw new ArgumentException($"Expected {LandmarkValues} values, got {raw.Length}.", nameof(raw));
        var values = new float[LandmarkValues];
        for (var i = 0; i < LandmarkValues; i += 3)
        {
            var p = region.ToImage(raw[i] / InputSize, raw[i + 1] / InputSize);
            values[i] = p.X;
            values[i + 1] = p.Y;
            values[i + 2] = raw[i + 2] * region.Size / InputSize;
        }
        return new FaceLandmarks(values);
    }

    /// <summary>
    /// Samples the region into a 192x192 NHWC tensor, RGB / 255, bilinear with the image's edge pixels repeated
    /// outside it. Output pixel (i, j) is the image at <see cref="FaceRegion.ToImage"/>((i + ½) / 192, (j + ½) / 192).
    /// Regions much larger than the input are first shrunk with a triangle filter, since bilinear sampling alone
    /// would skip pixels and alias.
    /// </summary>
    internal static void WriteInput(Image<Rgb24> image, FaceRegion region, Span<float> dest)
    {
        if (dest.Length != InputSize * InputSize * 3)
            throw new ArgumentException("The destination must hold 192 x 192 x 3 values.", nameof(dest));
        // The pixels the square can touch (its rotated corners, plus one for the bilinear neighbours), inside the image.
        var half = region.Size * (MathF.Abs(MathF.Cos(region.Rotation)) + MathF.Abs(MathF.Sin(region.Rotation))) / 2 + 2;
        var x0 = Math.Clamp((int)MathF.Floor(region.CenterX - half), 0, image.Width - 1);
        var y0 = Math.Clamp((int)MathF.Floor(region.CenterY - half), 0, image.Height - 1);
        var x1 = Math.Clamp((int)MathF.Ceiling(region.CenterX + half), x0 + 1, image.Width);
        var y1 = Math.Clamp((int)MathF.Ceiling(region.CenterY + half), y0 + 1, image.Height);
        var bounds = new Rectangle(x0, y0, x1 - x0, y1 - y0);

        var shrink = Math.Min(1f, 2f * InputSize / region.Size);
        using var patch = image.Clone(x =>
        {
            x.Crop(bounds);
            if (shrink < 1f)
                x.Resize(Math.Max(1, (int)MathF.Round(bounds.Width * shrink)), Math.Max(1, (int)MathF.Round(bounds.Height * shrink)),
                    KnownResamplers.Triangle);
        });
        var (w, h) = (patch.Width, patch.Height);
        var (sx, sy) = ((float)w / bounds.Width, (float)h / bounds.Height);
        var pixels = new Rgb24[w * h];
        patch.CopyPixelDataTo(pixels);

        var (cos, sin) = (MathF.Cos(region.Rotation), MathF.Sin(region.Rotation));
        var step = region.Size / InputSize;
        for (var j = 0; j < InputSize; j++)
            for (var i = 0; i < InputSize; i++)
            {
                var a = (i + 0.5f) * step - region.Size / 2;
                var b = (j + 0.5f) * step - region.Size / 2;
                // Continuous patch coordinates, shifted by ½ so integer values fall on pixel centres.
                var px = (region.CenterX + a * cos - b * sin - x0) * sx - 0.5f;
                var py = (region.CenterY + a * sin + b * cos - y0) * sy - 0.5f;
                var fx = MathF.Floor(px);
                var fy = MathF.Floor(py);
                var (tx, ty) = (px - fx, py - fy);
                var xa = Math.Clamp((int)fx, 0, w - 1);
                var xb = Math.Clamp((int)fx + 1, 0, w - 1);
                var ya = Math.Clamp((int)fy, 0, h - 1);
                var yb = Math.Clamp((int)fy + 1, 0, h - 1);
                Rgb24 p00 = pixels[ya * w + xa], p10 = pixels[ya * w + xb], p01 = pixels[yb * w + xa], p11 = pixels[yb * w + xb];
                float w00 = (1 - tx) * (1 - ty), w10 = tx * (1 - ty), w01 = (1 - tx) * ty, w11 = tx * ty;
                var o = (j * InputSize + i) * 3;
                dest[o] = (p00.R * w00 + p10.R * w10 + p01.R * w01 + p11.R * w11) / 255f;
                dest[o + 1] = (p00.G * w00 + p10.G * w10 + p01.G * w01 + p11.G * w11) / 255f;
                dest[o + 2] = (p00.B * w00 + p10.B * w10 + p01.B * w01 + p11.B * w11) / 255f;
            }
    }

    private static (string Input, string[] Outputs) CheckSignature(InferenceSession session, string path)
    {
        if (session.InputMetadata.Count != 1)
            throw Unsupported(path, "it does not have exactly one image input");
        var (input, meta) = session.InputMetadata.First();
        var d = meta.Dimensions;
        if (meta.ElementDataType != TensorElementType.Float || d.Length != 4 || d[1] != InputSize || d[2] != InputSize || d[3] != 3)
            throw Unsupported(path, $"its input is [{string.Join(",", d)}] {meta.ElementDataType}, not float NHWC [1,{InputSize},{InputSize},3]");
        string? landmarks = null, presence = null;
        foreach (var (name, m) in session.OutputMetadata)
        {
            var size = m.Dimensions.Aggregate(1L, (n, v) => n * Math.Max(v, 1));
            if (size == LandmarkValues) landmarks = name;
            else if (size == 1) presence = name;
        }
        if (landmarks is null || presence is null)
            throw Unsupported(path, $"it needs a {LandmarkValues}-value landmark output and a one-value presence output");
        return (input, [landmarks, presence]);
    }

    private static EngineException Unsupported(string path, string why) =>
        new(EngineError.ModelUnsupported, $"'{Path.GetFileName(path)}' is not a supported face mesh model: {why}.");
}
