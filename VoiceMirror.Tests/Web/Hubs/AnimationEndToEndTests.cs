using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace VoiceMirror.Tests.Web.Hubs;

/// The whole path on a real Kestrel port: upload, animate, SignalR progress, MP4 served from uploads.
[Collection(WebCollection.Name)]
public sealed class AnimationEndToEndTests : IDisposable
{
    private readonly VoiceMirrorAppFactory _app = new();

    [Fact]
    public async Task AstronautSpeaksWithRisingProgressPushedOverSignalRAndPlayableMp4()
    {
        // The progress relay (for renders on worker nodes) re-reads this render's rows too; it must not push them again.
        _app.Settings["VoiceMirror:Jobs:ProgressRelayIntervalMs"] = "50";
        var baseUri = _app.StartKestrel();
        using var http = new HttpClient { BaseAddress = baseUri };
        var avatarId = await TestUploads.UploadAsync(http);

        var events = new ConcurrentQueue<JsonElement>();
        var completed = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(baseUri, "/hubs/animations")).Build();
        hub.On<JsonElement>("animationUpdated", update =>
        {
            events.Enqueue(update);
            if (update.GetProperty("status").GetString() is "completed" or "error") completed.TrySetResult(update);
        });
        await hub.StartAsync();
        await hub.InvokeAsync("SubscribeAvatar", avatarId);

        using var response = await http.PostAsJsonAsync("/avatar/animate", new { avatarId, text = "Привет! Меня зовут Виктор. Я говорю по-русски." });
        var started = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var final = await completed.Task.WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(final.GetProperty("status").GetString() == "completed", final.ToString());
        Assert.Equal(started.GetProperty("id").GetInt32(), final.GetProperty("id").GetInt32());
        Assert.Equal(100, final.GetProperty("progress").GetInt32());
        var progress = events.Select(e => e.GetProperty("progress").GetInt32()).ToList();
        Assert.True(progress.Zip(progress.Skip(1)).All(p => p.First <= p.Second), string.Join(",", progress));
        Assert.True(progress.Count(p => p is > 0 and < 100) >= 2, string.Join(",", progress));
        Assert.Contains(events, e => e.GetProperty("stage").GetString() == "inference");
        Assert.All(events.Where(e => e.GetProperty("status").GetString() == "processing"),
            e => Assert.Equal("", e.GetProperty("videoUrl").GetString()));

        var videoUrl = final.GetProperty("videoUrl").GetString()!;
        Assert.StartsWith($"{baseUri.GetLeftPart(UriPartial.Authority)}/uploads/animated-", videoUrl);
        var mp4 = await http.GetByteArrayAsync(videoUrl);
        Assert.True(MediaProbe.IsMp4(mp4));
        var local = Path.Combine(_app.DataDir, "downloaded.mp4");
        await File.WriteAllBytesAsync(local, mp4);
        Assert.Equal("h264", await MediaProbe.VideoCodecAsync(local));
        Assert.True(final.GetProperty("durationSeconds").GetDouble() > 1);

        var status = JsonDocument.Parse(await http.GetStringAsync($"/avatar/animations/{final.GetProperty("id").GetInt32()}/status")).RootElement;
        Assert.Equal(videoUrl, status.GetProperty("videoUrl").GetString());

        // Checked last, after the relay has looked at the finished row a few more times.
        var states = events.Select(e => $"{e.GetProperty("status")}/{e.GetProperty("stage")}/{e.GetProperty("progress")}").ToList();
        Assert.True(states.Zip(states.Skip(1)).All(p => p.First != p.Second), string.Join(" ", states));
        Assert.Single(states, s => s.StartsWith("completed/"));
    }

    public void Dispose() => _app.Dispose();
}
