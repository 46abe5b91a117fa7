using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace VoiceMirror.Engine.Vision;

/// <summary>The face crop Wav2Lip works on, and its 6-channel model input.</summary>
public static class FaceCrop
{
    /// <summary>The face box grown by the pads (Wav2Lip's pads: more room below the chin), clamped to the image.</summary>
    public static Rectangle PaddedBox(FaceBox face, Size image, int padTop, int padBottom, int padLeft, int padRight)
    {
        var x1 = Math.Clamp(face.X - padLeft, 0, image.Width - 1);
        var y1 = Math.Clamp(face.Y - padTop, 0, image.Height - 1);
        var x2 = Math.Clamp(face.X + face.Width + padRight, x1 + 1, image.Width);
        var y2 = Math.Clamp(face.Y + face.Height + padBottom, y1 + 1, image.Height);
        return Rectangle.FromLTRB(x1, y1, x2, y2);
    }

    /// <summary>
    /// Writes the Wav2Lip face input for one frame, planar [6][S][S]: channels 0-2 are the crop with rows
    /// S/2..S-1 zeroed (the model must draw the mouth there), channels 3-5 the whole crop as the identity
    /// reference; colour order B, G, R (the model was trained on OpenCV frames), values byte / 255.
    /// </summary>
    public static void WriteModelInput(Image<Rgb24> faceCropResized, Span<float> dest)
    {
        var s = faceCropResized.Width;
        if (faceCropResized.Height != s)
            throw new ArgumentException($"The face crop must be square, not {s}x{faceCropResized.Height}.", nameof(faceCropResized));
        var plane = s * s;
        if (dest.Length < 6 * plane)
            throw new ArgumentException($"The destination needs {6 * plane} floats, it has {dest.Length}.", nameof(dest));

        var pixels = new Rgb24[plane];
        faceCropResized.CopyPixelDataTo(pixels);
        for (var i = 0; i < plane; i++)
        {
            var p = pixels[i];
            float b = p.B / 255f, g = p.G / 255f, r = p.R / 255f;
            var masked = i >= s / 2 * s;
            dest[i] = masked ? 0f : b;
            dest[plane + i] = masked ? 0f : g;
            dest[2 * plane + i] = masked ? 0f : r;
            dest[3 * plane + i] = b;
            dest[4 * plane + i] = g;
            dest[5 * plane + i] = r;
        }
    }
}
