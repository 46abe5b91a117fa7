using System.Net.Http.Json;
using System.Text.Json;

namespace VoiceMirror.Tests.Web.Jobs;

[Collection(WebCollection.Name)]
public sealed class RestartTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("voicemirror-restart-").FullName;

    [Fact]
    public async Task AnimationInFlightWhenTheProcessIsKilledCompletesAfterRestartWithOneRowAndOneVideo()
    {
        var settings = VoiceMirrorAppFactory.DefaultSettings(_dataDir);
        settings["VoiceMirror:Engine:BatchSize"] = "1"; // slow enough to be caught mid-render

        int id;
        await using (var first = await AppProcess.StartAsync(settings))
        {
            using var http = new HttpClient { BaseAddress = first.BaseAddress };
            var avatarId = await TestUploads.UploadAsync(http);
            var text = string.Join(' ', Enumerable.Repeat("Привет! Меня зовут Виктор, и я рассказываю длинную историю о космосе.", 6));
            using var response = await http.PostAsJsonAsync("/avatar/animate", new { avatarId, text });
            id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();

            var midway = await WaitForAsync(http, id, s => s.GetProperty("progress").GetInt32() >= 10 || s.GetProperty("status").GetString() != "processing");
            Assert.True(midway.GetProperty("status").GetString() == "processing", $"{midway}\n{first.Log}");
            await first.KillAsync();
        }

        await using var second = await AppProcess.StartAsync(settings);
        using var client = new HttpClient { BaseAddress = second.BaseAddress };
        var final = await WaitForAsync(client, id, s => s.GetProperty("status").GetString() != "processing", TimeSpan.FromMinutes(4));
        Assert.True(final.GetProperty("status").GetString() == "completed", $"{final}\n{second.Log}");

        var history = JsonDocument.Parse(await client.GetStringAsync($"/avatar/{final.GetProperty("avatarId").GetInt32()}/animations")).RootElement;
        Assert.Single(history.EnumerateArray());
        var videos = Directory.GetFiles(Path.Combine(_dataDir, "uploads"), "*.mp4");
        Assert.Equal([Path.GetFileName(new Uri(final.GetProperty("videoUrl").GetString()!).LocalPath)], videos.Select(Path.GetFileName));
        Assert.True(MediaProbe.IsMp4(await client.GetByteArrayAsync(final.GetProperty("videoUrl").GetString())));
        Assert.Empty(Directory.GetFiles(_dataDir, "*.part", SearchOption.AllDirectories));
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient http, int id, Func<JsonElement, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            var status = JsonDocument.Parse(await http.GetStringAsync($"/avatar/animations/{id}/status")).RootElement;
            if (done(status) || DateTime.UtcNow > deadline) return status;
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDir, recursive: true); }
        catch (IOException) { }
    }
}
