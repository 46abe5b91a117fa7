using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace VoiceMirror.Web.Access;

/// Whose data this request (or UI operation) may see. In Open mode there is no owner and everything is visible;
/// in Accounts mode a user sees their own rows, an admin sees all, and nobody signed in sees nothing.
public sealed class CurrentOwner(IHttpContextAccessor http, IOptions<AuthOptions> auth)
{
    private ClaimsPrincipal? _user;

    /// For scopes without a request (a Blazor circuit's operations): the user the work is done for.
    public void Use(ClaimsPrincipal user) => _user = user;

    public ClaimsPrincipal? User => _user ?? http.HttpContext?.User ?? CircuitUser.Current;

    public bool Enforced => auth.Value.Enforced;

    /// The owner new rows get: the caller's user id, or null in Open mode.
    public string? Id => Enforced ? User.OwnerId() : null;

    public bool SeesAll => !Enforced || User.IsAdmin();

    public bool Owns(string? ownerId) => Owns(User, Enforced, ownerId);

    /// For callers that hold a user but no scope (a circuit's subscription on a render job's thread).
    public static bool Owns(ClaimsPrincipal? user, bool enforced, string? ownerId) =>
        !enforced || user.IsAdmin() || (ownerId is not null && ownerId == user.OwnerId());
}
