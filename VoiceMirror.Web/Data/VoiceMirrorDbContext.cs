using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace VoiceMirror.Web.Data;

/// The model shared by both providers; the provider-specific subclasses exist only so each has its own migrations.
public abstract class VoiceMirrorDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Avatar> Avatars => Set<Avatar>();
    public DbSet<Animation> Animations => Set<Animation>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Avatar>(e =>
        {
            e.Property(a => a.Name).HasMaxLength(100);
            e.Property(a => a.Description).HasMaxLength(1000);
            e.Property(a => a.ImageFile).HasMaxLength(100);
            e.HasMany(a => a.Animations).WithOne(a => a.Avatar!).HasForeignKey(a => a.AvatarId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<Animation>(e =>
        {
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
