using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using VoiceMirror.Web.Data;

namespace VoiceMirror.Tests.Web.Jobs;

/// The face detector is installed but neither engine's model is (Wav2Lip absent, the built-in mesh model deleted):
/// uploads work, renders cannot.
public sealed class MissingModelApp : VoiceMirrorAppFactory
{
    public MissingModelApp()
    {
        Settings["VoiceMirror:Engine:Wav2LipModel"] = "not_installed_wav2lip.onnx";
        Settings["VoiceMirror:Engine:FaceMeshModel"] = "builtin/not_installed_face_landmark.onnx";
    }
}

[Collection(WebCollection.Name)]
public sealed class MissingModelTests(MissingModelApp app) : IClassFixture<MissingModelApp>
{
    [Fact]
    public async Task RenderWithMissingModelEndsInErrorWithTheReasonAfterOneAttempt()
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var avatarId = await TestUploads.UploadAsync(client);
        using var response = await client.PostAsJsonAsync("/avatar/animate", new { avatarId, text = "Hello there." });
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();

        JsonElement status = default;
        for (var i = 0; i < 300; i++)
        {
            status = JsonDocument.Parse(await client.GetStringAsync($"/avatar/animations/{id}/status")).RootElement;
            if (status.GetProperty("status").GetString() != "processing") break;
            await Task.Delay(100);
        }
        Assert.Equal("error", status.GetProperty("status").GetString());
        Assert.Equal("ModelMissing", status.GetProperty("errorCode").GetString());
        Assert.Equal("A model is not installed. Install it (see models/README.md).", status.GetProperty("error").GetString());
        Assert.Equal("", status.GetProperty("videoUrl").GetString());

        // Admins see the render under Hangfire's Failed with the reason, and it is not retried (it cannot succeed).
        var monitor = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        for (var i = 0; i < 50 && monitor.FailedCount() == 0; i++) await Task.Delay(100);
        Assert.Equal(1, monitor.FailedCount());
        Assert.Equal(0, monitor.SucceededListCount());
        Assert.Equal(0, monitor.ScheduledCount());
        var failed = Assert.Single(monitor.FailedJobs(0, 10));
        Assert.Contains("ModelMissing", failed.Value.ExceptionMessage);
        var row = app.WithDb(db => db.Animations.Single(a => a.Id == id));
        Assert.Equal(1, row.Attempts);
        Assert.Contains("not_installed_face_landmark.onnx", row.ErrorMessage);
        Assert.Equal(AnimationStatus.Error, row.Status);
        Assert.DoesNotContain(app.UploadedFiles(), f => f.EndsWith(".mp4"));
    }

    [Fact]
    public async Task HealthIsDegradedNamingTheMissingModel()
    {
        using var response = await app.CreateClient().GetAsync("/health");
        var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        var models = health.GetProperty("checks").GetProperty("models");
        Assert.Equal("Degraded", models.GetProperty("status").GetString());
        Assert.Contains("not_installed_face_landmark.onnx", models.GetProperty("description").GetString());
    }
}
