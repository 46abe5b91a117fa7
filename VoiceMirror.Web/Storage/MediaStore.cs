using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace VoiceMirror.Web.Storage;

/// The uploads folder: server-chosen file names, atomic writes, public URLs.
public sealed class MediaStore
{
    // Files being written end in .part: the static file middleware does not serve unknown extensions.
    private const string PartialSuffix = ".part";
    private readonly string? _publicBaseUrl;

    public MediaStore(IOptions<StorageOptions> options)
    {
        UploadsPath = Path.GetFullPath(options.Value.UploadsPath);
        WorkPath = Path.GetFullPath(options.Value.WorkPath);
        _publicBaseUrl = string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) ? null : options.Value.PublicBaseUrl.TrimEnd('/');
        Directory.CreateDirectory(UploadsPath);
        Directory.CreateDirectory(WorkPath);
    }

    public string UploadsPath { get; }
    public string WorkPath { get; }

    /// e.g. avatar-3f9c2a7d01b4e856.jpg
    public static string NewFileName(string prefix, string extension) =>
        $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}{extension}";

    public string PathOf(string fileName)
    {
        if (fileName.Length == 0 || fileName != Path.GetFileName(fileName) || fileName.StartsWith('.'))
            throw new ArgumentException($"'{fileName}' is not a plain file name.", nameof(fileName));
        return Path.Combine(UploadsPath, fileName);
    }

    public bool Exists(string? fileName) => fileName is not null && File.Exists(PathOf(fileName));

    /// Writes bytes under a new name; the final name appears only once the content is complete.
    public async Task<string> SaveAsync(string prefix, string extension, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var fileName = NewFileName(prefix, extension);
        var temp = PathOf(fileName) + PartialSuffix;
        try
        {
            await File.WriteAllBytesAsync(temp, content, ct);
            File.Move(temp, PathOf(fileName));
        }
        finally { File.Delete(temp); }
        return fileName;
    }

    /// Moves a finished file (e.g. from the work folder) into uploads under <paramref name="fileName"/>, replacing it.
    public void MoveIn(string sourcePath, string fileName)
    {
        var target = PathOf(fileName);
        var temp = target + PartialSuffix;
        // A move across file systems is a copy: land it under the partial name first, then rename atomically.
        File.Move(sourcePath, temp, overwrite: true);
        File.Move(temp, target, overwrite: true);
    }

    public void Delete(string? fileName)
    {
        if (fileName is not null) File.Delete(PathOf(fileName));
    }

    /// A fresh folder under the work path; the caller deletes it.
    public string CreateWorkDirectory(string prefix)
    {
        var dir = Path.Combine(WorkPath, $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    public string BaseUrl(HttpRequest request) =>
        _publicBaseUrl ?? $"{request.Scheme}://{request.Host}{request.PathBase}";

    /// Absolute URL of an uploaded file, or "" when there is none yet.
    public string Url(string? fileName, string baseUrl) =>
        string.IsNullOrEmpty(fileName) ? "" : $"{(_publicBaseUrl ?? baseUrl.TrimEnd('/'))}/uploads/{Uri.EscapeDataString(fileName)}";
}
