using FFMpegCore;
using FFMpegCore.Enums;
using FFMpegCore.Exceptions;

namespace VoiceMirror.Engine.Video;

/// <summary>
/// Encodes streamed RGB24 frames plus an audio file into an MP4 (H.264 yuv420p + AAC, moov atom first)
/// with one ffmpeg process. Frames are pulled lazily, so memory does not grow with the video's length. The H.264
/// encoder is NVENC where the GPU and ffmpeg have it, libx264 otherwise (<see cref="VideoEncoder"/>).
/// </summary>
public sealed class Mp4Writer(EngineOptions options, VideoEncoder? encoder = null)
{
    private readonly VideoEncoder _encoder = encoder ?? new VideoEncoder(options);
    private int _running;

    /// <summary>Encodes this writer is running now; each one's thread count depends on it (<see cref="EncoderThreadShare"/>).</summary>
    public int EncodesRunning => Volatile.Read(ref _running);

    /// <summary>The ffmpeg codec this writer encodes with (probed on first use).</summary>
    public string Codec => _encoder.Codec;

    /// <summary>
    /// Writes <paramref name="outputPath"/>. The file appears only when complete: ffmpeg writes a
    /// <c>.part</c> file that is renamed on success and deleted on failure or cancellation.
    /// </summary>
    public async Task WriteAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> rgb24Frames, int width, int height, int fps,
        string audioPath, string outputPath, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rgb24Frames);
        // yuv420p halves both chroma dimensions, so libx264 refuses odd sizes.
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"Frame size {width}x{height} must be positive and even.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fps);
        if (!File.Exists(audioPath))
            throw new EngineException(EngineError.CorruptAudio, $"Audio file '{audioPath}' does not exist.");
        ct.ThrowIfCancellationRequested();

        var fullOutput = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullOutput)!);
        var partial = fullOutput + ".part";
        var source = new RawFramePipeSource(rgb24Frames, width, height, fps, ct);
        // FFMpegCore never removes its registration on the token it is given; a per-call linked source does.
        using var kill = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var threads = EncoderThreadShare.For(options.EncoderThreads, Environment.ProcessorCount, Interlocked.Increment(ref _running));
        try
        {
            await FFMpegArguments
                .FromPipeInput(source)
                .AddFileInput(Path.GetFullPath(audioPath))
                .OutputToFile(partial, overwrite: true, o => o
                    // Explicit maps: an MP3 with cover art would otherwise contribute its picture as video.
                    .WithCustomArgument("-map 0:v:0 -map 1:a:0")
                    .WithCustomArgument(string.Join(' ', VideoEncoder.Arguments(_encoder.Codec, options.VideoPreset, threads)))
                    .ForcePixelFormat("yuv420p")
                    .WithAudioCodec("aac")
                    .WithCustomArgument("-b:a 128k")
                    .WithFastStart()
                    .ForceFormat("mp4"))
                .CancellableThrough(kill.Token)
                .WithLogLevel(FFMpegLogLevel.Error)
                .ProcessAsynchronously(throwOnError: true, FfOptions())
                .ConfigureAwait(false);

            ct.ThrowIfCancellationRequested();
            if (!source.Completed)
                throw new EngineException(EngineError.EncodingFailed,
                    $"ffmpeg stopped reading frames after {source.FramesWritten}.", source.PipeError);
            if (source.FramesWritten == 0)
                throw new EngineException(EngineError.EncodingFailed, "No video frames were produced.");
            File.Move(partial, fullOutput, overwrite: true);
        }
        catch (Exception e)
        {
            TryDelete(partial);
            if (e is OperationCanceledException && ct.IsCancellationRequested) throw new OperationCanceledException(ct);
            if (e is FFMpegException ff)
                throw new EngineException(EngineError.EncodingFailed, $"ffmpeg failed: {ff.FFMpegErrorOutput}".Trim(), ff);
            if (e is OperationCanceledException)
                throw new EngineException(EngineError.EncodingFailed, "ffmpeg exited before the video was complete.", e);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private FFOptions FfOptions() => string.IsNullOrWhiteSpace(options.FfmpegDirectory)
        ? new FFOptions()
        : new FFOptions { BinaryFolder = options.FfmpegDirectory };

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { /* best effort: a locked leftover is reported nowhere better than here */ }
        catch (UnauthorizedAccessException) { }
    }
}
