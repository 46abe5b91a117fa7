using System.Security.Claims;
using VoiceMirror.Web.Access;
using VoiceMirror.Web.Data;

namespace VoiceMirror.Web.Limits;

/// The key rate limits, webhook secrets and deliveries are partitioned by: the owner's user id (an API key acts as its
/// user), or "local" where there is no owner (Open mode, rows made in it).
public static class OwnerKey
{
    public const string Local = "local";

    public static string Of(string? ownerId) => ownerId ?? Local;

    /// The caller of a request, for its rate-limit partition.
    public static string Of(ClaimsPrincipal? user) => user.OwnerId() ?? Local;

    /// Jobs have no caller: the row's owner decides.
    public static string Of(Animation animation) => animation.OwnerId ?? Local;
}
