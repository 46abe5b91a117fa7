using Microsoft.Data.Sqlite;

namespace VoiceMirror.Web.Jobs;

/// <summary>
/// The embedded SQLite job storage hides a fetched job until its invisibility timeout (an hour by default,
/// since it is not extended while a render runs). A job still marked fetched when the job server starts
/// belongs to a process that died, so it is put back in its queue at once: a restart resumes the render
/// instead of leaving it stuck for an hour. Only for the process that runs the server on that file.
/// </summary>
public static class InterruptedJobs
{
    /// <returns>How many jobs were put back.</returns>
    public static int Requeue(string hangfireDatabase)
    {
        if (!File.Exists(hangfireDatabase)) return 0;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = hangfireDatabase }.ToString());
        connection.Open();
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'JobQueue'";
        if (Convert.ToInt32(exists.ExecuteScalar()) == 0) return 0;
        using var requeue = connection.CreateCommand();
        // This storage marks a queued, unfetched job with FetchedAt = DateTime.MinValue, stored as 0 ticks.
        requeue.CommandText = "UPDATE JobQueue SET FetchedAt = 0 WHERE FetchedAt IS NOT NULL AND FetchedAt <> 0";
        return requeue.ExecuteNonQuery();
    }
}
