using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VoiceMirror.Tests.Engine.Speech;

/// <summary>A real Kestrel server on loopback that stands in for a cloud speech API: it records every request
/// exactly as it arrived (method, path, headers, body, multipart parts) and answers with what the test scripts.</summary>
public sealed class LoopbackSpeechServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackSpeechServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>How to answer; the default is 404 so an unexpected path fails loudly.</summary>
    public Func<HttpContext, RecordedRequest, Task> Respond { get; set; } = (ctx, _) =>
    {
        ctx.Response.StatusCode = 404;
        return Task.CompletedTask;
    };

    public static async Task<LoopbackSpeechServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var server = new LoopbackSpeechServer(app);
        app.Run(async ctx =>
        {
            var recorded = await RecordedRequest.ReadAsync(ctx.Request);
            server.Requests.Enqueue(recorded);
            await server.Respond(ctx, recorded);
        });
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    public static Func<HttpContext, RecordedRequest, Task> Bytes(byte[] body, string contentType, int status = 200) => async (ctx, _) =>
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        await ctx.Response.Body.WriteAsync(body);
    };

    public static Func<HttpContext, RecordedRequest, Task> Json(string json, int status = 200) =>
        Bytes(System.Text.Encoding.UTF8.GetBytes(json), "application/json", status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record RecordedFile(string Field, string FileName, string ContentType, byte[] Content);

public sealed record RecordedRequest(
    string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string ContentType,
    byte[] Body, IReadOnlyDictionary<string, string> FormFields, IReadOnlyList<RecordedFile> Files)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public System.Text.Json.JsonElement JsonBody() => System.Text.Json.JsonDocument.Parse(Body).RootElement;

    internal static async Task<RecordedRequest> ReadAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy);
        request.Body.Position = 0;

        var fields = new Dictionary<string, string>();
        var files = new List<RecordedFile>();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (key, value) in form) fields[key] = value.ToString();
            foreach (var file in form.Files)
            {
                using var content = new MemoryStream();
                await file.CopyToAsync(content);
                files.Add(new RecordedFile(file.Name, file.FileName, file.ContentType, content.ToArray()));
            }
        }
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new RecordedRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", headers,
            request.ContentType ?? "", copy.ToArray(), fields, files);
    }
}
