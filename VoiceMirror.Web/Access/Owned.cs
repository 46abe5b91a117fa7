using VoiceMirror.Web.Data;

namespace VoiceMirror.Web.Access;

/// A row that belongs to a user (null: made in Open mode, seen by everyone there and by admins in Accounts mode).
public interface IOwned
{
    string? OwnerId { get; set; }
}

public static class OwnedQueries
{
    /// Rows the caller may see. Another user's row is simply absent, so a lookup by its id answers 404.
    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> rows, CurrentOwner owner) where T : class, IOwned
    {
        if (owner.SeesAll) return rows;
        var id = owner.Id;
        return id is null ? rows.Where(_ => false) : rows.Where(r => r.OwnerId == id);
    }
}
