using Microsoft.AspNetCore.DataProtection;
using VoiceMirror.Web.Storage;

namespace VoiceMirror.Web.Extensions;

public static class StorageExtensions
{
    /// The media folder: the web role writes uploads and speech into it, every role writes rendered videos.
    public static void AddVoiceMirrorStorage(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<StorageOptions>(StorageOptions.Section)
            .Configure(o => o.PublicBaseUrl ??= builder.Configuration["VoiceMirror:PublicBaseUrl"])
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicBaseUrl) || Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _),
                "VoiceMirror:PublicBaseUrl must be an absolute URL such as https://avatars.example.com (or empty).");
        builder.Services.AddSingleton<MediaStore>();
        var keys = builder.Configuration[StorageOptions.Section + ":KeysPath"] ?? new StorageOptions().KeysPath;
        builder.Services.AddDataProtection()
            .SetApplicationName("VoiceMirror")
            .PersistKeysToFileSystem(Directory.CreateDirectory(Path.GetFullPath(keys)));
    }
}
