using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using VoiceMirror.Web.Access;
using VoiceMirror.Web.Webhooks;

namespace VoiceMirror.Web.Data;

/// The model shared by both providers; the provider-specific subclasses exist only so each has its own migrations.
/// Identity's accounts live in the same database (AspNet* tables).
public abstract class VoiceMirrorDbContext(DbContextOptions options) : IdentityDbContext<IdentityUser>(options)
{
    public DbSet<Avatar> Avatars => Set<Avatar>();
    public DbSet<Animation> Animations => Set<Animation>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<VoiceOwner> VoiceOwners => Set<VoiceOwner>();
    public DbSet<WebhookSecret> WebhookSecrets => Set<WebhookSecret>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.Entity<Avatar>(e =>
        {
            e.Property(a => a.OwnerId).HasMaxLength(450);
            e.HasIndex(a => a.OwnerId);
            e.Property(a => a.Name).HasMaxLength(100);
            e.Property(a => a.Description).HasMaxLength(1000);
            e.Property(a => a.ImageFile).HasMaxLength(100);
            e.HasMany(a => a.Animations).WithOne(a => a.Avatar!).HasForeignKey(a => a.AvatarId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<Animation>(e =>
        {
            e.Property(a => a.OwnerId).HasMaxLength(450);
            e.HasIndex(a => a.OwnerId);
            e.Property(a => a.Text).HasMaxLength(10000);
            e.Property(a => a.VoiceId).HasMaxLength(200);
            e.Property(a => a.Status).HasMaxLength(16);
            e.Property(a => a.Stage).HasMaxLength(32);
            e.Property(a => a.AudioFile).HasMaxLength(100);
            e.Property(a => a.VideoFile).HasMaxLength(100);
            e.Property(a => a.SpeechFile).HasMaxLength(100);
            e.Property(a => a.ErrorCode).HasMaxLength(64);
            e.Property(a => a.ErrorMessage).HasMaxLength(2000);
            e.Property(a => a.Engine).HasMaxLength(32);
            e.Property(a => a.ExecutionProvider).HasMaxLength(32);
            e.Property(a => a.Liveliness).HasDefaultValue(true);
            e.Property(a => a.Model).HasMaxLength(200);
            e.Property(a => a.RequestHash).HasMaxLength(64);
            e.HasIndex(a => a.RequestHash).IsUnique(); // identical requests across nodes meet here (insert-or-get)
            e.Property(a => a.JobId).HasMaxLength(64);
            e.HasIndex(a => new { a.AvatarId, a.CreatedAt });
            e.HasIndex(a => a.UpdatedAt); // a web node's ProgressRelay looks for recent changes every second
            e.Property(a => a.CallbackUrl).HasMaxLength(CallbackTargets.MaxUrlLength);
            e.Property(a => a.CallbackBaseUrl).HasMaxLength(500);
        });
        model.Entity<WebhookSecret>(e =>
        {
            e.HasKey(s => s.OwnerId);
            e.Property(s => s.OwnerId).HasMaxLength(450);
            e.Property(s => s.Secret).HasMaxLength(100);
        });
        model.Entity<WebhookDelivery>(e =>
        {
            e.Property(d => d.OwnerId).HasMaxLength(450);
            e.Property(d => d.Url).HasMaxLength(CallbackTargets.MaxUrlLength);
            e.Property(d => d.Event).HasMaxLength(16);
            e.Property(d => d.Error).HasMaxLength(500);
            e.HasOne<Animation>().WithMany().HasForeignKey(d => d.AnimationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(d => new { d.OwnerId, d.AttemptedAt }); // the owner's list, newest first
        });
        model.Entity<ApiKey>(e =>
        {
            e.Property(k => k.UserId).HasMaxLength(450);
            e.Property(k => k.Name).HasMaxLength(100);
            e.Property(k => k.Prefix).HasMaxLength(16);
            e.Property(k => k.Hash).HasMaxLength(64);
            e.HasIndex(k => k.Hash).IsUnique(); // every request with a key looks it up by hash
            e.HasIndex(k => k.UserId);
            e.HasOne<IdentityUser>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<VoiceOwner>(e =>
        {
            e.HasKey(v => v.VoiceId);
            e.Property(v => v.VoiceId).HasMaxLength(200);
            e.Property(v => v.OwnerId).HasMaxLength(450);
            e.HasIndex(v => v.OwnerId);
        });
    }

    // SQLite keeps no DateTimeKind; every timestamp is written as UTC, so read it back as UTC too.
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        conventions.Properties<DateTime>().HaveConversion<UtcConverter>();
        conventions.Properties<DateTime?>().HaveConversion<NullableUtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v.HasValue ? v.Value.ToUniversalTime() : v, v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);
}
