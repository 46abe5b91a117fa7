using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using VoiceMirror.Engine.Animators.Wav2Lip;
using VoiceMirror.Engine.Video;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Extensions;
using VoiceMirror.Web.Hubs;
using VoiceMirror.Web.Jobs;
using VoiceMirror.Web.Storage;
using VoiceMirror.Web.Webhooks;

namespace VoiceMirror.Web.Bench;

/// <summary>
/// <c>VoiceMirror.Web bench-serve --image face.png --audio speech.wav [--renders 1,8,32,128] [--no-liveliness] [--stages] [config]</c>: N
/// concurrent renders through the real job path of a worker (rows in the database, <see cref="RenderQueue"/>, Hangfire
/// on the embedded storage, <see cref="AnimateAvatarJob"/>, the pipeline and the shared Wav2Lip batcher), timed from
/// enqueue to the completed row. Speech comes from the WAV, so no speech provider is needed; its length is the
/// render's. Other arguments are configuration (e.g. <c>--VoiceMirror:Engine:BatchSize=128</c>).
/// </summary>
internal static class ServeBenchmark
{
    public const string Command = "bench-serve";

    public static async Task<int> RunAsync(string[] args)
    {
        var (image, audio, rounds, lively, config) = Parse(args);
        var dir = Directory.CreateTempSubdirectory("voicemirror-serve-").FullName;
        var stages = config.Contains("--stages");
        var app = Build(dir, rounds.Max(), [.. config.Where(c => c != "--stages")], stages);
        try
        {
            await app.MigrateDatabaseAsync();
            await app.StartAsync();
            var media = app.Services.GetRequiredService<MediaStore>();
            var avatarId = await AddAvatarAsync(app.Services, media, image);
            var speech = MediaStore.NewFileName("speech", ".wav");
            File.Copy(audio, media.PathOf(speech));

            var load = Stopwatch.StartNew();
            var warm = await RunRoundAsync(app.Services, avatarId, speech, 1, lively, "warm-up");
            // The JIT recompiles hot code in the background for the first few renders (seconds of CPU): one more
            // unreported round, so the rounds below see the steady state a running service has.
            var settle = await RunRoundAsync(app.Services, avatarId, speech, Math.Min(8, rounds.Max()), lively, "settle");
            var batcher = app.Services.GetRequiredService<Wav2LipBatcher>();
            Console.WriteLine(Invariant($"liveliness {(lively ? "on" : "off")}; {batcher.Model.ModelName} on {batcher.Model.ExecutionProvider}, batch {batcher.BatchSize}, CUDA graph {(batcher.Model.CudaGraph ? "on" : "off")}, encoder {app.Services.GetRequiredService<VideoEncoder>().Codec}, {Environment.ProcessorCount} CPU cores; warm-up render (model load included) and a settling round {load.Elapsed.TotalSeconds:F1} s, {warm.Failed + settle.Failed} failed"));
            Console.WriteLine("| N | renders/min | p50 queued→completed | p95 | queued→started p50 / max | GPU util mean / max | peak host RSS | peak GPU memory | frames per batch | CPU s per render: app / ffmpeg | failed |");
            Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            foreach (var n in rounds)
            {
                ResetPeakMemory();
                using var gpu = GpuSampler.Start();
                var before = batcher.Counts;
                var cpuBefore = CpuSeconds();
                var round = await RunRoundAsync(app.Services, avatarId, speech, n, lively, $"N={n}");
                var after = batcher.Counts;
                var cpuAfter = CpuSeconds();
                var (util, peakGpu) = gpu.Stop();
                var fill = after.Batches > before.Batches ? (after.Frames - before.Frames) / (double)(after.Batches - before.Batches) : 0;
                Console.WriteLine(Invariant($"| {n} | {n / round.WallSeconds * 60:F0} | {Percentile(round.Latencies, 0.5):F2} s | {Percentile(round.Latencies, 0.95):F2} s | {Percentile(round.Pickups, 0.5) * 1000:F0} / {round.Pickups.DefaultIfEmpty().Max() * 1000:F0} ms | {util} | {PeakRssMiB():F0} MiB | {peakGpu} | {fill:F0} | {(cpuAfter.Own - cpuBefore.Own) / n:F2} / {(cpuAfter.Children - cpuBefore.Children) / n:F2} | {round.Failed} |"));
            }
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static WebApplication Build(string dir, int renders, string[] config, bool stages)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = config, ContentRootPath = AppContext.BaseDirectory });
        // Defaults first: the benchmark's own files; every setting can still be overridden by the arguments.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["ConnectionStrings:VoiceMirror"] = $"Data Source={Path.Combine(dir, "voicemirror.db")}",
                ["VoiceMirror:Jobs:SqlitePath"] = Path.Combine(dir, "hangfire.db"),
                ["VoiceMirror:Storage:UploadsPath"] = Path.Combine(dir, "uploads"),
                ["VoiceMirror:Storage:WorkPath"] = Path.Combine(dir, "work"),
                ["VoiceMirror:Storage:KeysPath"] = Path.Combine(dir, "keys"),
                ["VoiceMirror:Jobs:GpuWorkers"] = renders.ToString(CultureInfo.InvariantCulture),
                ["VoiceMirror:Engine:DefaultEngine"] = "wav2lip",
            },
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // The table is the output: warnings and errors only, whatever appsettings.json says.
        builder.Services.PostConfigure<LoggerFilterOptions>(o =>
        {
            o.Rules.Clear();
            o.MinLevel = LogLevel.Warning;
            // --stages: each render's own line of seconds per stage (audio, face, engine, liveliness, encode).
            if (stages) o.Rules.Add(new LoggerFilterRule(null, typeof(VoiceMirror.Engine.Pipeline.AnimationPipeline).FullName, LogLevel.Information, null));
        });
        builder.AddEngine();
        builder.AddVoiceMirrorDatabase();
        builder.AddVoiceMirrorStorage();
        builder.AddVoiceMirrorJobs(AppRole.Worker);
        builder.AddVoiceMirrorWebhooks(); // the job sends a render's webhook, where its request asked for one
        return builder.Build();
    }

    private static async Task<int> AddAvatarAsync(IServiceProvider services, MediaStore media, string image)
    {
        var file = MediaStore.NewFileName("avatar", Path.GetExtension(image));
        Directory.CreateDirectory(media.UploadsPath);
        File.Copy(image, media.PathOf(file));
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceMirrorDbContext>();
        var avatar = new Avatar { Name = "bench", ImageFile = file, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        db.Avatars.Add(avatar);
        await db.SaveChangesAsync();
        return avatar.Id;
    }

    private sealed record Round(double WallSeconds, List<double> Latencies, List<double> Pickups, int Failed);

    /// <summary>Inserts <paramref name="n"/> rows, enqueues each as the API does and waits for every one to end.</summary>
    private static async Task<Round> RunRoundAsync(IServiceProvider services, int avatarId, string speech, int n, bool lively, string tag)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceMirrorDbContext>();
        var rows = Enumerable.Range(0, n).Select(i => new Animation
        {
            AvatarId = avatarId, Text = tag, SpeechFile = speech, Engine = "wav2lip", Liveliness = lively, RequestHash = $"{tag}-{i}-{Guid.NewGuid():N}",
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        }).ToList();
        db.Animations.AddRange(rows);
        await db.SaveChangesAsync();

        var ended = rows.ToDictionary(r => r.Id, _ => new TaskCompletionSource<(long At, bool Ok)>(TaskCreationOptions.RunContinuationsAsynchronously));
        using var subscription = services.GetRequiredService<AnimationNotifier>().Subscribe(row =>
        {
            if (row.Status != AnimationStatus.Processing && ended.TryGetValue(row.Id, out var done))
                done.TrySetResult((Stopwatch.GetTimestamp(), row.Status == AnimationStatus.Completed));
        });
        var queue = scope.ServiceProvider.GetRequiredService<RenderQueue>();
        var queuedAt = new Dictionary<int, (long Ticks, DateTime Utc)>();
        var start = Stopwatch.GetTimestamp();
        foreach (var row in rows)
        {
            queuedAt[row.Id] = (Stopwatch.GetTimestamp(), DateTime.UtcNow);
            await queue.EnqueueNewAsync(row.Id, CancellationToken.None);
        }
        var results = await Task.WhenAll(ended.Values.Select(t => t.Task)).WaitAsync(TimeSpan.FromMinutes(15));
        var wall = Stopwatch.GetElapsedTime(start, results.Max(r => r.At)).TotalSeconds;
        var latencies = rows.Select(r => Stopwatch.GetElapsedTime(queuedAt[r.Id].Ticks, ended[r.Id].Task.Result.At).TotalSeconds).ToList();

        // When Hangfire moved each job to Processing: the worker's pickup, as the job storage recorded it.
        var jobs = await db.Animations.AsNoTracking().Where(a => rows.Select(r => r.Id).Contains(a.Id)).Select(a => new { a.Id, a.JobId }).ToListAsync();
        var monitor = scope.ServiceProvider.GetRequiredService<JobStorage>().GetMonitoringApi();
        var pickups = new List<double>();
        foreach (var job in jobs.Where(j => j.JobId is not null))
            if (monitor.JobDetails(job.JobId)?.History.LastOrDefault(h => h.StateName == "Processing") is { } processing)
                pickups.Add(Math.Max(0, (processing.CreatedAt - queuedAt[job.Id].Utc).TotalSeconds));
        return new Round(wall, latencies, pickups, results.Count(r => !r.Ok));
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Clamp(Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    // VmHWM is the process's peak RSS; writing 5 to clear_refs starts it again from the current RSS (Linux).
    private static void ResetPeakMemory()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static double PeakRssMiB()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
            foreach (var line in File.ReadLines(status))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        return Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
    }

    /// <summary>
    /// CPU seconds of this process and of its finished children (the ffmpeg decodes and encodes), from
    /// /proc/self/stat (utime + stime, cutime + cstime, in clock ticks of 1/100 s); zeros elsewhere.
    /// </summary>
    private static (double Own, double Children) CpuSeconds()
    {
        const string stat = "/proc/self/stat";
        if (!File.Exists(stat)) return (0, 0);
        var text = File.ReadAllText(stat);
        // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        double Ticks(int field) => long.Parse(fields[field - 3], CultureInfo.InvariantCulture) / 100.0;
        return (Ticks(14) + Ticks(15), Ticks(16) + Ticks(17));
    }

    private static (string Image, string Audio, int[] Rounds, bool Lively, string[] Config) Parse(string[] args)
    {
        string? image = null, audio = null;
        var lively = true;
        int[] rounds = [1, 8, 32, 128];
        var config = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--no-liveliness": lively = false; break;
                case "--image" when i + 1 < args.Length: image = args[++i]; break;
                case "--audio" when i + 1 < args.Length: audio = args[++i]; break;
                case "--renders" when i + 1 < args.Length:
                    rounds = [.. args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
                    break;
                default: config.Add(args[i]); break;
            }
        }
        if (image is null || audio is null || !File.Exists(image) || !File.Exists(audio))
            throw new ArgumentException("usage: VoiceMirror.Web bench-serve --image face.png --audio speech.wav [--renders 1,8,32,128] [--Section:Key=value ...]");
        return (Path.GetFullPath(image), Path.GetFullPath(audio), rounds, lively, [.. config]);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
