using System.Diagnostics;

namespace VoiceMirror.Tests.Web;

public static class MediaProbe
{
    /// True when the bytes open with an ISO-BMFF "ftyp" box, as every MP4 does.
    public static bool IsMp4(byte[] bytes) => bytes.Length > 12 && bytes.AsSpan(4, 4).SequenceEqual("ftyp"u8);

    /// The first video stream's codec name, as ffprobe reports it.
    public static async Task<string> VideoCodecAsync(string path)
    {
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name", "-of", "csv=p=0", path })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim();
    }
}
