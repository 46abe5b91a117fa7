using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Jobs;

namespace VoiceMirror.Tests.Web.Jobs;

[Collection(WebCollection.Name)]
public sealed class FailedRenderTests(VoiceMirrorAppFactory app) : IClassFixture<VoiceMirrorAppFactory>
{
    [Fact]
    public async Task ARenderTheEngineRefusesEndsAsAnErrorRowAndAsAFailedHangfireJobWithoutRetry()
    {
        using var client = app.CreateClient();
        var avatarId = await TestUploads.UploadAsync(client);
        // Speech that is no audio at all: the engine refuses it, and no second attempt could do better.
        await File.WriteAllTextAsync(Path.Combine(app.UploadsPath, "speech-not-audio.wav"), "this is not a WAV file");
        var id = app.WithDb(db =>
        {
            var row = new Animation
            {
                AvatarId = avatarId, Text = "Привет.", AudioFile = "speech-not-audio.wav", SpeechFile = "speech-not-audio.wav",
                RequestHash = Guid.NewGuid().ToString("N"), CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            db.Animations.Add(row);
            db.SaveChanges();
            return row.Id;
        });
        app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<AnimateAvatarJob>(job => job.RunAsync(id, CancellationToken.None));

        var monitor = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        for (var i = 0; i < 600 && monitor.FailedCount() == 0; i++) await Task.Delay(100);

        var failedRow = app.WithDb(db => db.Animations.Single(a => a.Id == id));
        Assert.Equal(AnimationStatus.Error, failedRow.Status);
        Assert.Equal(1, failedRow.Attempts);
        Assert.Equal(1, monitor.FailedCount()); // what an admin sees under Hangfire's "Failed"
        Assert.Equal(0, monitor.ScheduledCount()); // no retry: the same input cannot succeed again
        var failed = Assert.Single(monitor.FailedJobs(0, 10));
        Assert.Contains(failedRow.ErrorCode!, failed.Value.ExceptionMessage);
        Assert.Equal(typeof(AnimationFailedException).FullName, failed.Value.ExceptionType);
    }
}
