using System.Net;
using System.Net.Sockets;

namespace VoiceMirror.Web.Webhooks;

public enum AddressKind { Public, Loopback, Private, LinkLocal, Unspecified, Multicast, Reserved }

/// Where an IP address leads, for the webhook SSRF guard: only Public ones are dialled unless an admin allows the host.
/// Pure functions of the address bytes (IANA special-purpose registries for IPv4 and IPv6).
public static class AddressClassifier
{
    public static bool IsPublic(IPAddress address) => Classify(address) == AddressKind.Public;

    public static AddressKind Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return ClassifyV4(address.MapToIPv4().GetAddressBytes());
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => ClassifyV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => ClassifyV6(address.GetAddressBytes()),
            _ => AddressKind.Reserved,
        };
    }

    internal static AddressKind ClassifyV4(ReadOnlySpan<byte> a) => a switch
    {
        [0, 0, 0, 0] => AddressKind.Unspecified,
        [0, ..] => AddressKind.Reserved, // "this network"
        [127, ..] => AddressKind.Loopback,
        [10, ..] => AddressKind.Private,
        [172, >= 16 and <= 31, ..] => AddressKind.Private,
        [192, 168, ..] => AddressKind.Private,
        [100, >= 64 and <= 127, ..] => AddressKind.Private, // CGNAT 100.64.0.0/10
        [169, 254, ..] => AddressKind.LinkLocal, // includes 169.254.169.254, the cloud metadata service
        [192, 0, 0, _] => AddressKind.Reserved, // IETF protocol assignments
        [192, 0, 2, _] or [198, 51, 100, _] or [203, 0, 113, _] => AddressKind.Reserved, // documentation
        [198, 18 or 19, ..] => AddressKind.Reserved, // benchmarking
        [>= 224 and <= 239, ..] => AddressKind.Multicast,
        [>= 240, ..] => AddressKind.Reserved, // includes 255.255.255.255
        _ => AddressKind.Public,
    };

    internal static AddressKind ClassifyV6(ReadOnlySpan<byte> a)
    {
        if (a.Length != 16) return AddressKind.Reserved;
        if (a[..15].IndexOfAnyExcept((byte)0) < 0) return a[15] switch { 0 => AddressKind.Unspecified, 1 => AddressKind.Loopback, _ => AddressKind.Reserved };
        if (a[..12].IndexOfAnyExcept((byte)0) < 0) return AddressKind.Reserved; // deprecated IPv4-compatible ::a.b.c.d
        if (a[0] == 0xff) return AddressKind.Multicast;
        if ((a[0] & 0xfe) == 0xfc) return AddressKind.Private; // ULA fc00::/7
        if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return AddressKind.LinkLocal; // fe80::/10
        if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) return AddressKind.Private; // deprecated site-local fec0::/10
        // Addresses that carry an IPv4 address inside lead wherever that one does.
        if (a[..4].SequenceEqual((byte[])[0x00, 0x64, 0xff, 0x9b]) && a[4..12].IndexOfAnyExcept((byte)0) < 0) return ClassifyV4(a[12..]); // NAT64 64:ff9b::/96
        if (a[0] == 0x20 && a[1] == 0x02) return ClassifyV4(a[2..6]); // 6to4 2002::/16
        if (a[..4].SequenceEqual((byte[])[0x20, 0x01, 0x00, 0x00])) return AddressKind.Reserved; // Teredo 2001::/32
        if (a[..4].SequenceEqual((byte[])[0x20, 0x01, 0x0d, 0xb8])) return AddressKind.Reserved; // documentation 2001:db8::/32
        if (a[..2].SequenceEqual((byte[])[0x01, 0x00]) && a[2..8].IndexOfAnyExcept((byte)0) < 0) return AddressKind.Reserved; // discard 100::/64
        return AddressKind.Public;
    }
}
