using System.Net;

namespace VoiceMirror.Web.Webhooks;

/// A callback target that leads to an address the SSRF guard does not dial.
public sealed class WebhookTargetRefusedException(string host, IPAddress address, AddressKind kind)
    : Exception($"Callback host '{host}' resolves to {address} ({kind}); add it to {WebhookOptions.Section}:AllowedHosts to allow it.")
{
    public string Host { get; } = host;
    public IPAddress Address { get; } = address;
    public AddressKind Kind { get; } = kind;
}
