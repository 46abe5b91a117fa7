using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace VoiceMirror.Tests.Web.Hubs;

/// A web node without a job server and a worker process over one data folder: the worker writes its progress only
/// to the shared database, yet a client of the web node's hub sees it live. The worker is a child process because
/// Hangfire keeps its storage in a process-wide static.
[Collection(WebCollection.Name)]
public sealed class WorkerProgressRelayTests : IDisposable
{
    private readonly VoiceMirrorAppFactory _web = new();

    [Fact]
    public async Task WebNodeHubPushesNeverFallingProgressAndCompletionOfARenderDoneByAWorkerProcess()
    {
        _web.Settings["VoiceMirror:Jobs:RunServer"] = "false";
        _web.Settings["VoiceMirror:Jobs:ProgressRelayIntervalMs"] = "50"; // the tiny test model renders in about a second
        var baseUri = _web.StartKestrel();
        using var http = new HttpClient { BaseAddress = baseUri };
        var avatarId = await TestUploads.UploadAsync(http);
        using var response = await http.PostAsJsonAsync("/avatar/animate", new { avatarId, text = "Привет! Меня зовут Виктор. Я говорю по-русски и рассказываю длинную историю." });
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();

        var events = new ConcurrentQueue<JsonElement>();
        var final = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(baseUri, "/hubs/animations")).Build();
        hub.On<JsonElement>("animationUpdated", update =>
        {
            events.Enqueue(update);
            if (update.GetProperty("status").GetString() is "completed" or "error") final.TrySetResult(update);
        });
        await hub.StartAsync();
        var current = await hub.InvokeAsync<JsonElement>("SubscribeAnimation", id);
        Assert.Equal("queued", current.GetProperty("stage").GetString()); // nothing renders on the web node

        // Started only now, so every step of the render happens while the client is subscribed.
        var workerSettings = VoiceMirrorAppFactory.DefaultSettings(_web.DataDir);
        workerSettings["VoiceMirror:Role"] = "Worker";
        await using var worker = await AppProcess.StartAsync(workerSettings);
        var done = await final.Task.WaitAsync(TimeSpan.FromMinutes(3)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : default);
        var states = events.Select(e => $"{e.GetProperty("status")}/{e.GetProperty("stage")}/{e.GetProperty("progress")}").ToList();
        var seen = string.Join(" ", states);
        Assert.True(done.ValueKind == JsonValueKind.Object, $"No final update; pushed: {seen}\n{worker.Log}");

        Assert.True(done.GetProperty("status").GetString() == "completed", $"{done}\n{worker.Log}");
        Assert.Contains($"Animation {id} completed", worker.Log); // the worker rendered it
        Assert.Equal(id, done.GetProperty("id").GetInt32());
        Assert.Equal(100, done.GetProperty("progress").GetInt32());
        var videoUrl = done.GetProperty("videoUrl").GetString()!;
        Assert.StartsWith($"{baseUri.GetLeftPart(UriPartial.Authority)}/uploads/animated-", videoUrl);
        Assert.True(MediaProbe.IsMp4(await http.GetByteArrayAsync(videoUrl)));

        // Which intermediate states the relay catches depends on how fast the worker renders, so only what holds for
        // any speed is asserted: progress never goes back, and nothing is pushed twice.
        var progress = events.Select(e => e.GetProperty("progress").GetInt32()).ToList();
        Assert.True(progress.Zip(progress.Skip(1)).All(p => p.First <= p.Second), seen);
        Assert.All(events.Where(e => e.GetProperty("status").GetString() == "processing"),
            e => Assert.Equal("", e.GetProperty("videoUrl").GetString()));
        // Each push says something new: the relay reads the same rows again for a while and must not repeat them.
        Assert.True(states.Zip(states.Skip(1)).All(p => p.First != p.Second), seen);
        // The relay keeps reading the finished row for its lookback: a second push of it would arrive in this second.
        // (A slower machine looks fewer times, which can only make this pass for the wrong reason, never fail.)
        await Task.Delay(1000);
        Assert.Single(events, e => e.GetProperty("status").GetString() == "completed");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("60001")]
    public void RelayIntervalOutsideItsRangeStopsStartUpSayingWhatToChange(string interval)
    {
        _web.Settings["VoiceMirror:Jobs:ProgressRelayIntervalMs"] = interval;
        var error = Assert.ThrowsAny<Exception>(() => _web.CreateClient());
        Assert.Contains("VoiceMirror:Jobs:ProgressRelayIntervalMs must be between 50 and 60000.", error.ToString());
    }

    [Theory]
    [InlineData("true", false)]
    [InlineData("false", true)]
    public void TheRelayPollsOnlyOnANodeWhereOtherProcessesRender(string runServer, bool relays)
    {
        using var app = new VoiceMirrorAppFactory();
        app.Settings["VoiceMirror:Jobs:RunServer"] = runServer;
        var hosted = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetServices<Microsoft.Extensions.Hosting.IHostedService>(app.Services);
        Assert.Equal(relays, hosted.Any(s => s is VoiceMirror.Web.Hubs.ProgressRelay));
    }

    public void Dispose() => _web.Dispose();
}
