using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Processing;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Vision;

namespace VoiceMirror.Web.Components.Shared;

/// A small JPEG data URL of a picked photo, so the user sees it before uploading without a round trip
/// through the uploads folder. Decoded through PhotoAdmission, so a preview is bounded as an upload is.
public static class PhotoPreview
{
    public static async Task<string?> DataUrlAsync(PhotoAdmission photos, byte[] bytes, int maxSide)
    {
        try
        {
            using var image = await photos.DecodeAsync(new MemoryStream(bytes, writable: false), CancellationToken.None);
            image.Mutate(x => x.Resize(new ResizeOptions { Size = new Size(maxSide, maxSide), Mode = ResizeMode.Max }));
            using var jpeg = new MemoryStream();
            await image.SaveAsJpegAsync(jpeg, new JpegEncoder { Quality = 80 });
            return "data:image/jpeg;base64," + Convert.ToBase64String(jpeg.ToArray());
        }
        catch (EngineException)
        {
            return null; // not a picture we can show; the upload will say why in words
        }
    }
}
