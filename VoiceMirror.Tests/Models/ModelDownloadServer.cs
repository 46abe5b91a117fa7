using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VoiceMirror.Tests.Models;

/// <summary>
/// A minimal HTTP/1.1 server on loopback that plays the model host for install.sh: <c>/model.onnx</c> serves the file
/// (with ranges, so curl can resume), <c>/cut.onnx</c> announces the whole file but closes the connection cleanly
/// after half of it (a raw socket, because Kestrel aborts such a response with a reset that can swallow the half),
/// anything else is 404. Records each request's path and Range header.
/// </summary>
public sealed class ModelDownloadServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly byte[] _file;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ModelDownloadServer(string servedFile)
    {
        _file = File.ReadAllBytes(servedFile);
        _listener.Start();
        BaseUrl = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _loop = Task.Run(AcceptAsync);
    }

    public string BaseUrl { get; }
    public ConcurrentQueue<(string Path, string? Range)> Requests { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            // Stopping races the loop: a listener stopped before this accept began says "not listening" (or the socket
            // is gone) instead of honouring the token. Either way the server is done.
            catch (Exception e) when (e is OperationCanceledException || _stop.IsCancellationRequested) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        var path = (await reader.ReadLineAsync())?.Split(' ')[1] ?? "/";
        string? range = null;
        for (var line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync())
            if (line.StartsWith("Range:", StringComparison.OrdinalIgnoreCase)) range = line[6..].Trim();
        Requests.Enqueue((path, range));

        var from = path == "/model.onnx" && range is { } r && r.StartsWith("bytes=") ? int.Parse(r[6..].TrimEnd('-')) : 0;
        var (status, body, length) = path switch
        {
            "/model.onnx" when from > 0 => ("206 Partial Content", _file.AsMemory(from), _file.Length - from),
            "/model.onnx" => ("200 OK", _file.AsMemory(), _file.Length),
            "/cut.onnx" => ("200 OK", _file.AsMemory(0, _file.Length / 2), _file.Length),
            _ => ("404 Not Found", Memory<byte>.Empty, 0),
        };
        var head = $"HTTP/1.1 {status}\r\nContent-Length: {length}\r\nConnection: close\r\n" +
            (from > 0 ? $"Content-Range: bytes {from}-{_file.Length - 1}/{_file.Length}\r\n" : "") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);
        client.Client.Shutdown(SocketShutdown.Send);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _loop.Wait();
        _stop.Dispose();
    }
}
