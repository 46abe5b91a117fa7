using FFMpegCore.Pipes;
using VoiceMirror.Engine.Animators;

namespace VoiceMirror.Engine.Video;

/// <summary>
/// Feeds ffmpeg the frames of an async sequence of RGB24 frames, a window at a time (<see cref="FrameWindows"/>), so
/// only two windows of frames are alive here and the producer runs as fast as ffmpeg reads the pipe. Frames travel as
/// YUV 4:2:0 (<see cref="Yuv420"/>): half the bytes of RGB, and ffmpeg has no conversion left to do.
/// </summary>
internal sealed class RawFramePipeSource(
    IAsyncEnumerable<ReadOnlyMemory<byte>> frames, int width, int height, int fps, CancellationToken ct) : IPipeSource
{
    public int FramesWritten { get; private set; }

    /// <summary>True once the sequence ended and every frame reached the pipe.</summary>
    public bool Completed { get; private set; }

    /// <summary>Why the pipe closed before the sequence ended (ffmpeg exited early), if it did.</summary>
    public Exception? PipeError { get; private set; }

    public string GetStreamArguments() =>
        $"-f rawvideo -pix_fmt yuv420p -video_size {width}x{height} -framerate {fps}";

    public async Task WriteAsync(Stream outputStream, CancellationToken pipeToken)
    {
        // pipeToken fires when ffmpeg exits; ct is the caller's, which FFMpegCore does not pass here.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, pipeToken);
        var frameBytes = width * height * 3;
        var yuvBytes = Yuv420.FrameBytes(width, height);
        try
        {
            // Frames are converted a window at a time on the thread pool while the previous window is written.
            var yuvFrames = FrameWindows.MapAsync(frames, frameBytes, yuvBytes, (index, frame, slot) =>
            {
                if (frame.Length != frameBytes)
                    throw new ArgumentException($"Frame {index} has {frame.Length} bytes; {width}x{height} RGB24 needs {frameBytes}.");
                frame.CopyTo(slot);
            }, (_, rgb, yuv) => Yuv420.FromRgb24(rgb, width, height, yuv), linked.Token);
            await foreach (var yuv in yuvFrames.ConfigureAwait(false))
            {
                await outputStream.WriteAsync(yuv, linked.Token).ConfigureAwait(false);
                FramesWritten++;
            }
            await outputStream.FlushAsync(linked.Token).ConfigureAwait(false);
            Completed = true;
        }
        catch (IOException e)
        {
            // Broken pipe: ffmpeg gave up; its own error output explains why better than this exception.
            PipeError = e;
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            PipeError = e;
        }
    }
}
