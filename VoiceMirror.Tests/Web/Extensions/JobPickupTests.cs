using VoiceMirror.Web.Extensions;
using VoiceMirror.Web.Jobs;

namespace VoiceMirror.Tests.Web.Extensions;

/// How soon an idle worker takes a queued render: the storage options the app registers (bench-serve measures the
/// resulting queued→started times on a real run).
public sealed class JobPickupTests
{
    [Fact]
    public void EmbeddedStorageWorkersLookForRendersEveryFiftyMillisecondsByDefault()
    {
        var options = JobExtensions.SqliteOptions(new JobOptions());

        Assert.Equal(TimeSpan.FromMilliseconds(50), options.QueuePollInterval);
        Assert.Equal(TimeSpan.FromHours(1), options.InvisibilityTimeout);
    }

    [Fact]
    public void EmbeddedStoragePollIntervalFollowsTheSetting()
    {
        var options = JobExtensions.SqliteOptions(new JobOptions { QueuePollIntervalSeconds = 0.02, InvisibilityTimeoutSeconds = 600 });

        Assert.Equal(TimeSpan.FromMilliseconds(20), options.QueuePollInterval);
        Assert.Equal(TimeSpan.FromMinutes(10), options.InvisibilityTimeout);
    }

    [Fact]
    public void SqlServerStorageUsesHangfiresZeroIntervalWakeUpMode()
    {
        // Zero: workers of the enqueueing process are signalled at once, other processes poll sub-second.
        var options = JobExtensions.SqlServerOptions();

        Assert.Equal(TimeSpan.Zero, options.QueuePollInterval);
        Assert.True(options.PrepareSchemaIfNecessary);
    }

    [Fact]
    public void GpuWorkersCountsRendersInFlightSharingOneSession() =>
        Assert.Equal(8, new JobOptions().GpuWorkers);
}
