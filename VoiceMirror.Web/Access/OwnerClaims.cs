using System.Security.Claims;

namespace VoiceMirror.Web.Access;

/// The caller as an owner of avatars, animations and voices. A cookie and an API key give the same claims.
public static class OwnerClaims
{
    public const string AdminRole = "Admin";

    /// The Identity user id of a signed-in user or of an API key's user; null when nobody is signed in.
    public static string? OwnerId(this ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    public static bool IsAdmin(this ClaimsPrincipal? user) => user?.Identity?.IsAuthenticated == true && user.IsInRole(AdminRole);
}
