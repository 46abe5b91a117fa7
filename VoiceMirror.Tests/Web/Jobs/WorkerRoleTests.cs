using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace VoiceMirror.Tests.Web.Jobs;

/// A web node without a job server and a worker process over one data folder (SQLite database, Hangfire storage,
/// uploads), as docker-compose runs them over one SQL Server and one media volume.
[Collection(WebCollection.Name)]
public sealed class WorkerRoleTests
{
    [Fact]
    public async Task WorkerProcessRendersWhatAWebNodeWithoutJobServerAcceptedAndServesNoApi()
    {
        using var web = new VoiceMirrorAppFactory();
        web.Settings["VoiceMirror:Jobs:RunServer"] = "false";
        var client = web.CreateClient(); // starts the web node and migrates the shared database first
        var workerSettings = VoiceMirrorAppFactory.DefaultSettings(web.DataDir);
        workerSettings["VoiceMirror:Role"] = "Worker";
        await using var worker = await AppProcess.StartAsync(workerSettings);

        var avatarId = await TestUploads.UploadAsync(client);
        using var response = await client.PostAsJsonAsync("/avatar/animate", new { avatarId, text = "Привет! Меня зовут Виктор." });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();

        var status = await WaitForFinalAsync(client, id);
        Assert.True(status.GetProperty("status").GetString() == "completed", $"{status}\n{worker.Log}");
        Assert.Contains($"Animation {id} completed", worker.Log); // rendered by the worker: the web node has no server
        var video = await client.GetByteArrayAsync(status.GetProperty("videoUrl").GetString());
        Assert.True(MediaProbe.IsMp4(video));
        Assert.Single(Directory.GetFiles(web.UploadsPath, "*.mp4"));

        using var http = new HttpClient { BaseAddress = worker.BaseAddress };
        foreach (var path in new[] { $"/avatar/{avatarId}/animations", $"/avatar/animations/{id}/status", "/voices", "/api/index.html", "/hangfire", "/" })
            Assert.True((await http.GetAsync(path)).StatusCode == HttpStatusCode.NotFound, $"GET {path} on the worker");
        using var upload = await http.PostAsync("/avatar/upload", TestUploads.Form(TestUploads.Image("astronaut.png"), "Астронавт"));
        Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);

        using var health = await http.GetAsync("/health");
        var checks = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("jobs").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("Gpu", null, "VoiceMirror:Role is 'Gpu'; set it to Web")]
    [InlineData("1", null, "VoiceMirror:Role is '1'; set it to Web")]
    [InlineData("Worker", "false", "VoiceMirror:Role is Worker but VoiceMirror:Jobs:RunServer is false")]
    public void UnworkableRoleStopsStartUpSayingWhatToChange(string role, string? runServer, string expected)
    {
        using var app = new VoiceMirrorAppFactory();
        app.Settings["VoiceMirror:Role"] = role;
        if (runServer is not null) app.Settings["VoiceMirror:Jobs:RunServer"] = runServer;

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains(expected, error.ToString());
    }

    [Fact]
    public async Task RoleNamesAreCaseInsensitive()
    {
        using var app = new VoiceMirrorAppFactory();
        app.Settings["VoiceMirror:Role"] = "web";
        using var response = await app.CreateClient().GetAsync("/voices");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonElement> WaitForFinalAsync(HttpClient http, int id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var status = JsonDocument.Parse(await http.GetStringAsync($"/avatar/animations/{id}/status")).RootElement;
            if (status.GetProperty("status").GetString() != "processing" || DateTime.UtcNow > deadline) return status;
            await Task.Delay(200);
        }
    }
}
