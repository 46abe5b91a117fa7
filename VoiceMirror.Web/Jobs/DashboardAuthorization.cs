using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Hangfire.Dashboard;

namespace VoiceMirror.Web.Jobs;

/// /hangfire: open to requests from this machine, otherwise basic auth with VoiceMirror:Admin credentials.
/// Hangfire answers a refusal with 401 (no credentials) or 403.
public sealed class DashboardAuthorization(AdminOptions admin) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (IsLocal(http)) return true;
        if (admin.Configured && HasCredentials(http.Request)) return true;
        if (admin.Configured) http.Response.Headers.WWWAuthenticate = "Basic realm=\"VoiceMirror jobs\", charset=\"UTF-8\"";
        return false;
    }

    // A request relayed by a reverse proxy on this host arrives from loopback: the forwarding header marks it remote.
    internal static bool IsLocal(HttpContext http)
    {
        if (http.Request.Headers.ContainsKey("X-Forwarded-For") || http.Request.Headers.ContainsKey("Forwarded")) return false;
        var remote = http.Connection.RemoteIpAddress;
        return remote is null || IPAddress.IsLoopback(remote); // null: an in-process server (tests) has no socket
    }

    private bool HasCredentials(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null) return false;
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter)); }
        catch (FormatException) { return false; }
        var colon = decoded.IndexOf(':');
        if (colon < 0) return false;
        return FixedEquals(decoded[..colon], admin.User!) & FixedEquals(decoded[(colon + 1)..], admin.Password!);
    }

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
