namespace VoiceMirror.Web.Components.Account;

public static class AccountPaths
{
    /// Only a path of this site: a return URL must never send the user elsewhere (open redirect).
    public static string LocalOrHome(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";
}
