using System.Net;
using VoiceMirror.Web.Webhooks;

namespace VoiceMirror.Tests.Web.Webhooks;

public sealed class AddressClassifierTests
{
    [Theory]
    [InlineData("127.0.0.1", AddressKind.Loopback)]
    [InlineData("127.255.10.3", AddressKind.Loopback)]
    [InlineData("::1", AddressKind.Loopback)]
    [InlineData("::ffff:127.0.0.1", AddressKind.Loopback)] // IPv4-mapped: the v4 address decides
    [InlineData("10.0.0.5", AddressKind.Private)]
    [InlineData("172.16.0.1", AddressKind.Private)]
    [InlineData("172.31.255.255", AddressKind.Private)]
    [InlineData("192.168.1.1", AddressKind.Private)]
    [InlineData("100.64.0.1", AddressKind.Private)] // CGNAT
    [InlineData("100.127.255.254", AddressKind.Private)]
    [InlineData("fc00::1", AddressKind.Private)] // ULA
    [InlineData("fd12:3456::1", AddressKind.Private)]
    [InlineData("::ffff:10.1.2.3", AddressKind.Private)]
    [InlineData("fec0::1", AddressKind.Private)] // deprecated site-local
    [InlineData("169.254.169.254", AddressKind.LinkLocal)] // cloud metadata
    [InlineData("169.254.0.1", AddressKind.LinkLocal)]
    [InlineData("fe80::1", AddressKind.LinkLocal)]
    [InlineData("febf::1", AddressKind.LinkLocal)]
    [InlineData("0.0.0.0", AddressKind.Unspecified)]
    [InlineData("::", AddressKind.Unspecified)]
    [InlineData("224.0.0.1", AddressKind.Multicast)]
    [InlineData("239.255.255.250", AddressKind.Multicast)]
    [InlineData("ff02::1", AddressKind.Multicast)]
    [InlineData("255.255.255.255", AddressKind.Reserved)]
    [InlineData("0.1.2.3", AddressKind.Reserved)]
    [InlineData("192.0.2.10", AddressKind.Reserved)]
    [InlineData("2001:db8::1", AddressKind.Reserved)]
    [InlineData("64:ff9b::7f00:1", AddressKind.Loopback)] // NAT64 of 127.0.0.1
    [InlineData("2002:a9fe:a9fe::1", AddressKind.LinkLocal)] // 6to4 of 169.254.169.254
    [InlineData("::7f00:1", AddressKind.Reserved)] // deprecated IPv4-compatible form
    public void NonPublicAddressesAreClassifiedByRange(string address, AddressKind expected)
    {
        Assert.Equal(expected, AddressClassifier.Classify(IPAddress.Parse(address)));
        Assert.False(AddressClassifier.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.15.255.255")] // just below 172.16/12
    [InlineData("172.32.0.0")] // just above it
    [InlineData("100.63.255.255")] // just below 100.64/10
    [InlineData("100.128.0.0")] // just above it
    [InlineData("169.253.255.255")]
    [InlineData("223.255.255.255")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:80b::200e")]
    [InlineData("::ffff:8.8.8.8")]
    public void PublicAddressesPassAndNeighboursOfPrivateRangesAreNotCaught(string address) =>
        Assert.Equal(AddressKind.Public, AddressClassifier.Classify(IPAddress.Parse(address)));
}
