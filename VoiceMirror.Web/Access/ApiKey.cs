namespace VoiceMirror.Web.Access;

/// A key a frontend sends as X-Api-Key or Authorization: Bearer. Only its SHA-256 is kept; the prefix lets its user
/// tell keys apart in the list. A revoked key is deleted.
public sealed class ApiKey
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}
