using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace VoiceMirror.Engine.Animators.Wav2Lip;

/// <summary>
/// Pastes the generated face crop back into the base frame through a feathered ellipse over the mouth
/// and chin, so only the lower face moves and the seam with the untouched photo is invisible.
/// Immutable after construction; Blend can run on several frames at once.
/// </summary>
public sealed class MouthBlender
{
    // The ellipse in crop-relative units: centred on the mouth, spanning rows ≈ 0.50..0.95 and
    // columns 0.14..0.86 (inset from the cheeks' edges, which Wav2Lip draws poorly).
    internal const float CentreX = 0.5f, CentreY = 0.725f, RadiusX = 0.36f, RadiusY = 0.225f;
    // Fraction of the radius where the fade to the photo begins.
    internal const float Feather = 0.55f;

    private readonly Rectangle _box;
    private readonly int _faceSize;
    private readonly float[] _mask;
    // Bilinear sampling of the S x S crop at each box pixel: source indices and weights per column/row.
    private readonly (int I0, int I1, float W)[] _cols, _rows;

    public MouthBlender(Rectangle cropBox, int faceSize)
    {
        if (cropBox.Width < 1 || cropBox.Height < 1 || cropBox.X < 0 || cropBox.Y < 0)
            throw new ArgumentException($"Invalid crop box {cropBox}.", nameof(cropBox));
        ArgumentOutOfRangeException.ThrowIfLessThan(faceSize, 1);
        _box = cropBox;
        _faceSize = faceSize;
        _mask = BuildMask(cropBox.Width, cropBox.Height);
        _cols = SampleTable(cropBox.Width, faceSize);
        _rows = SampleTable(cropBox.Height, faceSize);
    }

    /// <summary>
    /// Mask weight at crop-relative point (u, v) in [0,1]²: with d the elliptical distance
    /// sqrt(((u-cx)/rx)² + ((v-cy)/ry)²), weight = 1 for d ≤ f, 0 for d ≥ 1, and
    /// 1 - smoothstep(f, 1, d) between (smoothstep t = (d-f)/(1-f), 3t² - 2t³).
    /// </summary>
    internal static float MaskValue(float u, float v)
    {
        var dx = (u - CentreX) / RadiusX;
        var dy = (v - CentreY) / RadiusY;
        var d = MathF.Sqrt(dx * dx + dy * dy);
        if (d <= Feather) return 1f;
        if (d >= 1f) return 0f;
        var t = (d - Feather) / (1f - Feather);
        return 1f - t * t * (3f - 2f * t);
    }

    /// <summary>The mask for a width x height crop, row-major, sampled at pixel centres.</summary>
    internal static float[] BuildMask(int width, int height)
    {
        var mask = new float[width * height];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                mask[y * width + x] = MaskValue((x + 0.5f) / width, (y + 0.5f) / height);
        return mask;
    }

    /// <summary>
    /// Writes the whole frame as RGB24 into <paramref name="destRgb24"/>: the base frame, with the generated
    /// crop (3 x S x S planar BGR in [0,1]) resized bilinearly to the crop box and mixed in by the mask.
    /// </summary>
    public void Blend(Image<Rgb24> baseFrame, ReadOnlySpan<float> generatedBgr, Span<byte> destRgb24)
    {
        int w = baseFrame.Width, h = baseFrame.Height, s = _faceSize, plane = s * s;
        if (_box.Right > w || _box.Bottom > h)
            throw new ArgumentException($"The crop box {_box} does not fit the {w}x{h} frame.", nameof(baseFrame));
        if (generatedBgr.Length < 3 * plane)
            throw new ArgumentException($"The generated crop needs {3 * plane} floats.", nameof(generatedBgr));
        if (destRgb24.Length < w * h * 3)
            throw new ArgumentException($"The destination needs {w * h * 3} bytes.", nameof(destRgb24));

        baseFrame.CopyPixelDataTo(destRgb24);
        for (var y = 0; y < _box.Height; y++)
        {
            var (r0, r1, wy) = _rows[y];
            var rowOffset = ((_box.Y + y) * w + _box.X) * 3;
            for (var x = 0; x < _box.Width; x++)
            {
                var m = _mask[y * _box.Width + x];
                if (m == 0f) continue;
                var (c0, c1, wx) = _cols[x];
                var o = rowOffset + x * 3;
                for (var ch = 0; ch < 3; ch++)
                {
                    // RGB destination channel ch comes from BGR plane 2 - ch.
                    var p = generatedBgr.Slice((2 - ch) * plane, plane);
                    var top = p[r0 * s + c0] + (p[r0 * s + c1] - p[r0 * s + c0]) * wx;
                    var bottom = p[r1 * s + c0] + (p[r1 * s + c1] - p[r1 * s + c0]) * wx;
                    var generated = Math.Clamp(top + (bottom - top) * wy, 0f, 1f) * 255f;
                    var original = destRgb24[o + ch];
                    destRgb24[o + ch] = (byte)MathF.Round(original + (generated - original) * m);
                }
            }
        }
    }

    /// <summary>For each of <paramref name="length"/> target pixels, the two source pixels and the weight of the second (pixel-centre aligned).</summary>
    internal static (int, int, float)[] SampleTable(int length, int sourceLength)
    {
        var table = new (int, int, float)[length];
        for (var i = 0; i < length; i++)
        {
            var src = Math.Clamp((i + 0.5f) * sourceLength / length - 0.5f, 0f, sourceLength - 1);
            var i0 = (int)src;
            var i1 = Math.Min(i0 + 1, sourceLength - 1);
            table[i] = (i0, i1, src - i0);
        }
        return table;
    }
}
