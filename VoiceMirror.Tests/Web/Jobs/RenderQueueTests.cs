using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VoiceMirror.Web.Data;

namespace VoiceMirror.Tests.Web.Jobs;

/// Identical requests share one row (a unique index decides between nodes); the row is rendered again when its
/// render failed or its job is gone, instead of blocking that request forever.
[Collection(WebCollection.Name)]
public sealed class RenderQueueTests(VoiceMirrorAppFactory app) : IClassFixture<VoiceMirrorAppFactory>
{
    [Fact]
    public async Task AnIdenticalRequestAfterAFailedRenderRendersTheSameRowAgain()
    {
        var (client, request, id) = await CompletedAnimationAsync("Повтор после ошибки.");
        app.WithDb(db => db.Animations.Where(a => a.Id == id).ExecuteUpdate(s => s
            .SetProperty(a => a.Status, AnimationStatus.Error).SetProperty(a => a.ErrorCode, "RenderFailed")));

        var again = await AnimateAsync(client, request);

        Assert.Equal(id, again.GetProperty("id").GetInt32());
        var final = await WaitForFinalAsync(client, id);
        Assert.Equal("completed", final.GetProperty("status").GetString());
        Assert.Null(app.WithDb(db => db.Animations.Single(a => a.Id == id).ErrorCode));
        Assert.Equal(1, app.WithDb(db => db.Animations.Count(a => a.RequestHash == db.Animations.Single(x => x.Id == id).RequestHash)));
    }

    [Fact]
    public async Task AnIdenticalRequestGivesARowThatLostItsJobANewOne()
    {
        var (client, request, id) = await CompletedAnimationAsync("Задание потерялось.");
        // As if the process died after the render was claimed but its job vanished (deleted from the dashboard, expired).
        app.WithDb(db => db.Animations.Where(a => a.Id == id).ExecuteUpdate(s => s
            .SetProperty(a => a.Status, AnimationStatus.Processing).SetProperty(a => a.Progress, 0).SetProperty(a => a.JobId, "999999")));

        var again = await AnimateAsync(client, request);

        Assert.Equal(id, again.GetProperty("id").GetInt32());
        var final = await WaitForFinalAsync(client, id);
        Assert.Equal("completed", final.GetProperty("status").GetString());
        Assert.NotEqual("999999", app.WithDb(db => db.Animations.Single(a => a.Id == id).JobId));
    }

    [Fact]
    public async Task ARowWhoseJobIsAliveIsNotEnqueuedTwice()
    {
        var client = app.CreateClient();
        var avatarId = await TestUploads.UploadAsync(client);
        var request = new { avatarId, text = "Один раз.", voiceId = "espeak-ru" };
        var first = await AnimateAsync(client, request);
        var jobId = app.WithDb(db => db.Animations.Single(a => a.Id == first.GetProperty("id").GetInt32()).JobId);

        await AnimateAsync(client, request);

        Assert.Equal(jobId, app.WithDb(db => db.Animations.Single(a => a.Id == first.GetProperty("id").GetInt32()).JobId));
    }

    private async Task<(HttpClient, object, int)> CompletedAnimationAsync(string text)
    {
        var client = app.CreateClient();
        var avatarId = await TestUploads.UploadAsync(client);
        var request = new { avatarId, text, voiceId = "espeak-ru" };
        var id = (await AnimateAsync(client, request)).GetProperty("id").GetInt32();
        Assert.Equal("completed", (await WaitForFinalAsync(client, id)).GetProperty("status").GetString());
        return (client, request, id);
    }

    private static async Task<JsonElement> AnimateAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync("/avatar/animate", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private static async Task<JsonElement> WaitForFinalAsync(HttpClient client, int id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var status = JsonDocument.Parse(await client.GetStringAsync($"/avatar/animations/{id}/status")).RootElement;
            if (status.GetProperty("status").GetString() != "processing") return status;
            Assert.True(DateTime.UtcNow < deadline, $"animation {id} still processing: {status}");
            await Task.Delay(100);
        }
    }
}
