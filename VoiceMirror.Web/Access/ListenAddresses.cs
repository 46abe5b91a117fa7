using System.Net;

namespace VoiceMirror.Web.Access;

/// Where the app will listen, read from the same settings Kestrel reads, so Open mode can refuse anything but loopback.
public static class ListenAddresses
{
    public static IReadOnlyList<string> From(IConfiguration configuration)
    {
        var urls = new List<string>();
        foreach (var key in new[] { "urls", "ASPNETCORE_URLS" })
            if (configuration[key] is { Length: > 0 } text) { urls.AddRange(Split(text)); break; }
        // HTTP_PORTS / HTTPS_PORTS (the container images' default) bind every interface.
        foreach (var key in new[] { "http_ports", "https_ports" })
            if (configuration[key] is { Length: > 0 } ports && urls.Count == 0)
                urls.AddRange(Split(ports).Select(p => $"http://*:{p}"));
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(e => e["Url"]).OfType<string>().Where(u => u.Length > 0));
        return urls;
    }

    /// True when every address is loopback: localhost, 127.0.0.0/8 or [::1]. "*", "+", 0.0.0.0, [::] and host names
    /// of this machine all reach the network. No address at all means Kestrel's default, http://localhost:5000.
    public static bool LoopbackOnly(IEnumerable<string> urls) => urls.All(IsLoopback);

    internal static bool IsLoopback(string url)
    {
        var hostStart = url.IndexOf("://", StringComparison.Ordinal);
        var rest = hostStart < 0 ? url : url[(hostStart + 3)..];
        string host;
        if (rest.StartsWith('['))
            host = rest[1..Math.Max(1, rest.IndexOf(']'))];
        else
        {
            var end = rest.IndexOfAny([':', '/']);
            host = end < 0 ? rest : rest[..end];
        }
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }

    private static IEnumerable<string> Split(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
