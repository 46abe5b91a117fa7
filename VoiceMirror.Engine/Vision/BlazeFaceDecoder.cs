namespace VoiceMirror.Engine.Vision;

/// <summary>
/// A detection in normalised letterbox coordinates ([0,1] of the square model input), or in pixels once mapped;
/// <paramref name="Keypoints"/> holds BlazeFace's six (x, y) keypoints in the same frame when known.
/// </summary>
internal readonly record struct ScoredBox(float X, float Y, float Width, float Height, float Score, float[]? Keypoints = null)
{
    /// <summary>The same detection with every coordinate mapped by v' = v * scale + offset (sizes by scale alone).</summary>
    public ScoredBox Map(float scale, float offsetX, float offsetY)
    {
        float[]? k = null;
        if (Keypoints is not null)
        {
            k = new float[Keypoints.Length];
            for (var i = 0; i < k.Length; i += 2)
            {
                k[i] = Keypoints[i] * scale + offsetX;
                k[i + 1] = Keypoints[i + 1] * scale + offsetY;
            }
        }
        return new ScoredBox(X * scale + offsetX, Y * scale + offsetY, Width * scale, Height * scale, Score, k);
    }
}

/// <summary>
/// BlazeFace post-processing, written from MediaPipe's published graph settings
/// (face_detection_short_range: SsdAnchorsCalculator + TensorsToDetectionsCalculator + weighted NMS).
/// </summary>
internal static class BlazeFaceDecoder
{
    /// <summary>Values per anchor in the regressor output: box cx, cy, w, h, then six (x, y) keypoints.</summary>
    public const int RegressorLength = 16;

    /// <summary>BlazeFace keypoints: right eye, left eye, nose tip, mouth centre, right ear, left ear (the subject's sides).</summary>
    public const int KeypointCount = 6;

    /// <summary>
    /// Anchor centres (cx, cy pairs, normalised) for a square input of <paramref name="inputSize"/>.
    /// MediaPipe uses 4 layers with strides {S/16, S/8, S/8, S/8} (8,16,16,16 for the 128 front model,
    /// 16,32,32,32 for the 256 back model), 2 anchors per cell per layer (aspect 1 + interpolated scale),
    /// offset 0.5 and fixed anchor size 1, so layers of equal stride merge into one grid:
    /// 16x16 cells x 2 = 512 anchors, then 8x8 cells x 6 = 384, 896 in all, cell by cell in row order.
    /// </summary>
    public static float[] Anchors(int inputSize)
    {
        int[] strides = [inputSize / 16, inputSize / 8, inputSize / 8, inputSize / 8];
        var centres = new List<float>(896 * 2);
        for (var layer = 0; layer < strides.Length;)
        {
            var stride = strides[layer];
            var sameStride = 0;
            while (layer < strides.Length && strides[layer] == stride) { sameStride++; layer++; }
            var grid = (int)Math.Ceiling((double)inputSize / stride);
            for (var y = 0; y < grid; y++)
                for (var x = 0; x < grid; x++)
                    for (var a = 0; a < 2 * sameStride; a++)
                    {
                        centres.Add((x + 0.5f) / grid);
                        centres.Add((y + 0.5f) / grid);
                    }
        }
        return centres.ToArray();
    }

    /// <summary>σ(x) = 1 / (1 + e^-x), with x clipped to ±100 as MediaPipe does (score_clipping_thresh).</summary>
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-Math.Clamp(x, -100f, 100f)));

    /// <summary>
    /// Decodes anchors whose score passes <paramref name="minScore"/>:
    /// cx = raw0 / S + anchor.cx, cy = raw1 / S + anchor.cy, w = raw2 / S, h = raw3 / S (all normalised);
    /// keypoint k at (raw[4+2k] / S + anchor.cx, raw[5+2k] / S + anchor.cy).
    /// </summary>
    public static List<ScoredBox> Decode(ReadOnlySpan<float> rawScores, ReadOnlySpan<float> regressors,
        ReadOnlySpan<float> anchors, int inputSize, float minScore)
    {
        var result = new List<ScoredBox>();
        var count = rawScores.Length;
        if (regressors.Length != count * RegressorLength || anchors.Length != count * 2)
            throw new ArgumentException($"Expected {count} anchors in every output.");
        for (var i = 0; i < count; i++)
        {
            var score = Sigmoid(rawScores[i]);
            if (score < minScore) continue;
            var r = regressors.Slice(i * RegressorLength, RegressorLength);
            var cx = r[0] / inputSize + anchors[2 * i];
            var cy = r[1] / inputSize + anchors[2 * i + 1];
            var w = r[2] / inputSize;
            var h = r[3] / inputSize;
            if (w <= 0 || h <= 0) continue;
            var keypoints = new float[2 * KeypointCount];
            for (var k = 0; k < keypoints.Length; k += 2)
            {
                keypoints[k] = r[4 + k] / inputSize + anchors[2 * i];
                keypoints[k + 1] = r[5 + k] / inputSize + anchors[2 * i + 1];
            }
            result.Add(new ScoredBox(cx - w / 2, cy - h / 2, w, h, score, keypoints));
        }
        return result;
    }

    /// <summary>Intersection over union of two boxes; 0 when either is empty.</summary>
    public static float IoU(ScoredBox a, ScoredBox b)
    {
        var ix = Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X);
        var iy = Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y);
        if (ix <= 0 || iy <= 0) return 0;
        var inter = ix * iy;
        var union = a.Width * a.Height + b.Width * b.Height - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /// <summary>
    /// Weighted non-maximum suppression (MediaPipe's WEIGHTED algorithm): take the best remaining box,
    /// gather every box overlapping it by IoU &gt; <paramref name="iouThreshold"/> (itself included),
    /// replace them by their score-weighted mean box carrying the best score (keypoints averaged the same way
    /// when every merged box has them). Averaging the many anchors that fire on one face gives a steadier box
    /// than keeping only the top one.
    /// </summary>
    public static List<ScoredBox> WeightedNms(IEnumerable<ScoredBox> boxes, float iouThreshold)
    {
        var remaining = boxes.OrderByDescending(b => b.Score).ToList();
        var kept = new List<ScoredBox>();
        while (remaining.Count > 0)
        {
            var best = remaining[0];
            float sw = 0, sx = 0, sy = 0, sx2 = 0, sy2 = 0;
            var keypoints = best.Keypoints is null ? null : new float[best.Keypoints.Length];
            var rest = new List<ScoredBox>(remaining.Count);
            foreach (var b in remaining)
            {
                if (IoU(best, b) > iouThreshold || b.Equals(best))
                {
                    sw += b.Score;
                    sx += b.X * b.Score;
                    sy += b.Y * b.Score;
                    sx2 += (b.X + b.Width) * b.Score;
                    sy2 += (b.Y + b.Height) * b.Score;
                    if (keypoints is not null && b.Keypoints?.Length == keypoints.Length)
                        for (var k = 0; k < keypoints.Length; k++) keypoints[k] += b.Keypoints[k] * b.Score;
                    else keypoints = null;
                }
                else rest.Add(b);
            }
            if (keypoints is not null)
                for (var k = 0; k < keypoints.Length; k++) keypoints[k] /= sw;
            kept.Add(new ScoredBox(sx / sw, sy / sw, (sx2 - sx) / sw, (sy2 - sy) / sw, best.Score, keypoints));
            remaining = rest;
        }
        return kept;
    }
}
