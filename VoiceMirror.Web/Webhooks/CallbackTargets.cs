using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using VoiceMirror.Web.Errors;

namespace VoiceMirror.Web.Webhooks;

/// The SSRF guard. <see cref="CheckUrlAsync"/> refuses a bad callbackUrl while the client is still there to read a 400;
/// <see cref="ConnectAsync"/> checks again the address a delivery actually dials, because DNS may answer differently
/// by then (rebinding) and a name that was public at request time must not lead into the network later.
public sealed class CallbackTargets(IOptionsMonitor<WebhookOptions> options)
{
    public const int MaxUrlLength = 2000;
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    /// The callback URL to store, or null when none was given; throws 400 ProblemDetails naming what is wrong.
    public async Task<string?> CheckUrlAsync(string? url, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        url = url.Trim();
        if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || string.IsNullOrEmpty(uri.Host))
            throw ApiProblemException.BadRequest("CallbackUrlInvalid", MaxUrlLength);
        // Credentials in the URL would be stored and shown in the delivery list: the signature is the authentication.
        if (uri.UserInfo.Length > 0) throw ApiProblemException.BadRequest("CallbackUrlCredentials");
        var o = options.CurrentValue;
        var allowed = o.IsAllowedHost(uri.Host);
        if (uri.Scheme != "https" && !(allowed && o.AllowInsecureForAllowedHosts))
            throw ApiProblemException.BadRequest("CallbackUrlNotHttps");
        if (allowed) return uri.AbsoluteUri;

        var addresses = await ResolveAsync(uri.DnsSafeHost, ct)
            ?? throw ApiProblemException.BadRequest("CallbackUrlUnresolvable", uri.Host);
        if (FirstRefused(addresses) is { } refused)
            throw ApiProblemException.BadRequest("CallbackUrlForbiddenAddress", uri.Host, refused, AddressClassifier.Classify(refused).ToString().ToLowerInvariant());
        return uri.AbsoluteUri;
    }

    /// SocketsHttpHandler.ConnectCallback: resolves the host itself and dials only checked addresses.
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        if (!options.CurrentValue.IsAllowedHost(host) && FirstRefused(addresses) is { } refused)
            throw new WebhookTargetRefusedException(host, refused, AddressClassifier.Classify(refused));
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // Every address must be public: a name answering with one public and one private address is refused outright
    // rather than trusted to be dialled in the right order.
    private static IPAddress? FirstRefused(IPAddress[] addresses) =>
        addresses.Length == 0 ? IPAddress.None : addresses.FirstOrDefault(a => !AddressClassifier.IsPublic(a));

    private static async Task<IPAddress[]?> ResolveAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out var literal)) return [literal];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ResolveTimeout);
        try
        {
            var found = await Dns.GetHostAddressesAsync(host, timeout.Token);
            return found.Length == 0 ? null : found;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
    }
}
