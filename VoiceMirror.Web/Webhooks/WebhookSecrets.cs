using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using VoiceMirror.Web.Data;

namespace VoiceMirror.Web.Webhooks;

/// Each owner's signing secret, made on first use (viewing it or the first delivery).
public sealed class WebhookSecrets(VoiceMirrorDbContext db)
{
    public async Task<WebhookSecret> GetOrCreateAsync(string owner, CancellationToken ct)
    {
        if (await db.WebhookSecrets.AsNoTracking().FirstOrDefaultAsync(s => s.OwnerId == owner, ct) is { } existing) return existing;
        var created = New(owner);
        db.WebhookSecrets.Add(created);
        try
        {
            await db.SaveChangesAsync(ct);
            return created;
        }
        catch (DbUpdateException)
        {
            // Two first uses at once (a delivery and the owner's page): the one stored first is the secret.
            db.Entry(created).State = EntityState.Detached;
            return await db.WebhookSecrets.AsNoTracking().FirstAsync(s => s.OwnerId == owner, ct);
        }
    }

    /// A new secret replaces the old one at once; deliveries from then on are signed with it.
    public async Task<WebhookSecret> RotateAsync(string owner, CancellationToken ct)
    {
        var fresh = New(owner);
        var changed = await db.WebhookSecrets.Where(s => s.OwnerId == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Secret, fresh.Secret).SetProperty(x => x.CreatedAt, fresh.CreatedAt), ct);
        if (changed == 0)
        {
            db.WebhookSecrets.Add(fresh);
            await db.SaveChangesAsync(ct);
        }
        return fresh;
    }

    // 32 random bytes; the prefix tells a leaked string apart from other credentials (and from an API key).
    private static WebhookSecret New(string owner) => new()
    {
        OwnerId = owner,
        Secret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        CreatedAt = DateTime.UtcNow,
    };
}
