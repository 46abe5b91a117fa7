using System.Globalization;
using System.Text;
using System.Text.Json;

namespace VoiceMirror.Engine.Vision.FaceMesh;

/// <summary>
/// Compact JSON for storing landmarks with an avatar: <c>{"format":"mediapipe-face-mesh-468","points":[x0,y0,z0,…]}</c>,
/// every value rounded to 0.01 px (about 10 KB for a face).
/// </summary>
public static class FaceLandmarksJson
{
    /// <summary>The <c>format</c> value; another mesh layout would get another name.</summary>
    public const string Format = "mediapipe-face-mesh-468";

    extension(FaceLandmarks landmarks)
    {
        /// <summary>The landmarks as compact JSON, values rounded to 0.01 px.</summary>
        public string ToJson()
        {
            var json = new StringBuilder(12 * landmarks.Values.Length);
            json.Append("{\"format\":\"").Append(Format).Append("\",\"points\":[");
            for (var i = 0; i < landmarks.Values.Length; i++)
            {
                if (i > 0) json.Append(',');
                // Round in double: rounding the float first would print 0.1 as 0.10000000149.
                json.Append(Math.Round((double)landmarks.Values[i], 2).ToString("R", CultureInfo.InvariantCulture));
            }
            return json.Append("]}").ToString();
        }

        /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
        /// <exception cref="JsonException">Not landmark JSON of this format, or not 468 x 3 finite numbers.</exception>
        public static FaceLandmarks FromJson(string json)
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
                throw new JsonException($"Landmark JSON must be an object with \"format\": \"{Format}\".");
            if (!root.TryGetProperty("points", out var points) || points.ValueKind != JsonValueKind.Array
                || points.GetArrayLength() != FaceLandmarks.Count * 3)
                throw new JsonException($"Landmark JSON needs \"points\" with {FaceLandmarks.Count * 3} numbers.");
            var values = new float[FaceLandmarks.Count * 3];
            var i = 0;
            foreach (var v in points.EnumerateArray())
            {
                if (v.ValueKind != JsonValueKind.Number || !float.IsFinite(values[i] = v.GetSingle()))
                    throw new JsonException($"Landmark value {i} is not a finite number.");
                i++;
            }
            return new FaceLandmarks(values);
        }
    }
}
