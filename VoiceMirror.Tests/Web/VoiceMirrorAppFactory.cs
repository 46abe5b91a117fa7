extern alias web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using VoiceMirror.Web.Data;

namespace VoiceMirror.Tests.Web;

/// The real app over a fresh temp folder: its own SQLite database, Hangfire SQLite file and uploads,
/// the tiny test models from TestData/models, CPU only. Dispose deletes the folder.
public class VoiceMirrorAppFactory : WebApplicationFactory<web::Program>
{
    public VoiceMirrorAppFactory()
    {
        DataDir = Directory.CreateTempSubdirectory("voicemirror-web-").FullName;
        Settings = DefaultSettings(DataDir);
    }

    public string DataDir { get; }
    public string UploadsPath => Path.Combine(DataDir, "uploads");

    /// Configuration the app starts with; change it before the first request (or in a subclass constructor).
    public Dictionary<string, string?> Settings { get; }

    /// Extra service registrations for one test class (e.g. a startup filter that fakes a remote address).
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    public static string TestDataPath(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static Dictionary<string, string?> DefaultSettings(string dataDir) => new()
    {
        ["ConnectionStrings:VoiceMirror"] = $"Data Source={Path.Combine(dataDir, "voicemirror.db")}",
        ["VoiceMirror:Storage:UploadsPath"] = Path.Combine(dataDir, "uploads"),
        ["VoiceMirror:Storage:WorkPath"] = Path.Combine(dataDir, "work"),
        ["VoiceMirror:Storage:KeysPath"] = Path.Combine(dataDir, "keys"),
        ["VoiceMirror:Jobs:SqlitePath"] = Path.Combine(dataDir, "hangfire.db"),
        ["VoiceMirror:Jobs:QueuePollIntervalSeconds"] = "0.2",
        ["VoiceMirror:Engine:ModelsDirectory"] = TestDataPath("models"),
        ["VoiceMirror:Engine:Wav2LipModel"] = "wav2lip_test_96.onnx",
        ["VoiceMirror:Engine:FaceDetectorModel"] = "face_detection_front_128x128.onnx",
        ["VoiceMirror:Engine:UseCuda"] = "false",
        // Test classes share one app for many requests and renders; the limit tests set their own tiny limits.
        ["VoiceMirror:Limits:Animate:PermitLimit"] = "0",
        ["VoiceMirror:Limits:Upload:PermitLimit"] = "0",
        ["VoiceMirror:Limits:Clone:PermitLimit"] = "0",
        ["VoiceMirror:Limits:MaxConcurrentRenders"] = "0",
    };

    /// Serve on a real Kestrel loopback port (SignalR over WebSockets, browsers); returns the base address.
    public Uri StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
    }

    public T WithDb<T>(Func<VoiceMirrorDbContext, T> query)
    {
        using var scope = Services.CreateScope();
        return query(scope.ServiceProvider.GetRequiredService<VoiceMirrorDbContext>());
    }

    public string[] UploadedFiles() =>
        Directory.Exists(UploadsPath) ? Directory.GetFiles(UploadsPath).Select(f => Path.GetFileName(f)).Order().ToArray() : [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        if (ConfigureServices is not null) builder.ConfigureServices(ConfigureServices);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        try { Directory.Delete(DataDir, recursive: true); }
        catch (IOException) { } // a file still held open by a finishing job; the temp folder is cleaned by the OS
    }
}
