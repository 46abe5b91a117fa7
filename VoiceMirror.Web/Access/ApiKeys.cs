using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using VoiceMirror.Web.Data;

namespace VoiceMirror.Web.Access;

/// A user's keys: made with 256 random bits, so one SHA-256 (no salt, no slow hash) is enough to keep them safe at rest.
public sealed class ApiKeys(VoiceMirrorDbContext db)
{
    public const string KeyStart = "vm_";
    public const int PrefixLength = 10;
    public const int MaxNameLength = 100;

    /// Returns the full key: the only time it exists outside the caller's hands.
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string userId, string name, CancellationToken ct)
    {
        var clean = name.Trim();
        if (clean.Length == 0) clean = "API key";
        if (clean.Length > MaxNameLength) clean = clean[..MaxNameLength];
        var secret = KeyStart + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey { UserId = userId, Name = clean, Prefix = secret[..PrefixLength], Hash = Hash(secret), CreatedAt = DateTime.UtcNow };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return (key, secret);
    }

    public Task<List<ApiKey>> ListAsync(string userId, CancellationToken ct) =>
        db.ApiKeys.AsNoTracking().Where(k => k.UserId == userId).OrderByDescending(k => k.Id).ToListAsync(ct);

    /// Only the key's own user can revoke it; false when there is no such key of theirs.
    public async Task<bool> RevokeAsync(string userId, int id, CancellationToken ct) =>
        await db.ApiKeys.Where(k => k.Id == id && k.UserId == userId).ExecuteDeleteAsync(ct) > 0;

    /// The stored form of a key: lowercase hex SHA-256 of its UTF-8 text.
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
