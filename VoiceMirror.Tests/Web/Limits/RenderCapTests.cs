using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VoiceMirror.Web.Data;

namespace VoiceMirror.Tests.Web.Limits;

/// With no render server the animations stay queued, which is exactly the state the cap counts.
[Collection(WebCollection.Name)]
public sealed class RenderCapTests : IDisposable
{
    private readonly VoiceMirrorAppFactory _app = new();

    public RenderCapTests()
    {
        _app.Settings["VoiceMirror:Jobs:RunServer"] = "false";
        _app.Settings["VoiceMirror:Limits:MaxConcurrentRenders"] = "1";
        _app.Settings["VoiceMirror:Limits:RenderRetryAfterSeconds"] = "17";
    }

    [Fact]
    public async Task SecondRenderWhileOneIsQueuedIsRefusedUntilTheFirstEnds()
    {
        var http = _app.CreateClient();
        var avatarId = await TestUploads.UploadAsync(http);
        using var first = await http.PostAsJsonAsync("/avatar/animate", new { avatarId, text = "Первая фраза." });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstId = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        var rows = _app.WithDb(db => db.Animations.Count());

        using var second = await http.PostAsJsonAsync("/avatar/animate", new { avatarId, text = "Вторая фраза." });
        Assert.Equal("17", second.Headers.GetValues("Retry-After").Single());
        await ProblemAssert.IsProblemAsync(second, HttpStatusCode.TooManyRequests, "TooManyRenders", "ru", null, 1);
        Assert.Equal(rows, _app.WithDb(db => db.Animations.Count())); // refused before any speech or row
        var limits = JsonDocument.Parse(await http.GetStringAsync("/limits")).RootElement;
        Assert.Equal(1, limits.GetProperty("activeRenders").GetInt32());

        // The identical request takes no new slot: it gets the queued animation back.
        using var again = await http.PostAsJsonAsync("/avatar/animate", new { avatarId, text = "Первая фраза." });
        Assert.Equal(firstId, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32());

        _app.WithDb(db => db.Animations.Where(a => a.Id == firstId).ExecuteUpdate(s => s.SetProperty(a => a.Status, AnimationStatus.Completed)));
        using var third = await http.PostAsJsonAsync("/avatar/animate", new { avatarId, text = "Вторая фраза." });
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    public void Dispose() => _app.Dispose();
}
