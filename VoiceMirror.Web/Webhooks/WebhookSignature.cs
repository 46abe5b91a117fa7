using System.Security.Cryptography;
using System.Text;

namespace VoiceMirror.Web.Webhooks;

/// The signature receivers check: HMAC-SHA256 with the owner's secret over "{timestamp}.{body}", as "sha256={hex}".
/// The timestamp inside the signed text is what lets a receiver refuse a replayed delivery.
public static class WebhookSignature
{
    public const string SignatureHeader = "X-VoiceMirror-Signature";
    public const string TimestampHeader = "X-VoiceMirror-Timestamp";
    public const string EventHeader = "X-VoiceMirror-Event";
    public const string AttemptHeader = "X-VoiceMirror-Attempt";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// Constant-time comparison, so a receiver written after this one leaks nothing through timing.
    public static bool Verify(string secret, long timestamp, ReadOnlySpan<byte> body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}
