using System.Security.Cryptography;
using System.Text;
using VoiceMirror.Web.Webhooks;

namespace VoiceMirror.Tests.Web.Webhooks;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void SignatureIsHmacSha256OfTimestampDotBodyInLowerHex()
    {
        var body = """{"id":1,"status":"completed"}"""u8.ToArray();
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData("whsec_test"u8, Encoding.UTF8.GetBytes("1700000000." + Encoding.UTF8.GetString(body))));

        Assert.Equal("sha256=" + expected, WebhookSignature.Sign("whsec_test", 1700000000, body));
    }

    [Fact]
    public void VerificationFailsForAnotherTimestampBodyOrSecret()
    {
        var body = """{"id":1}"""u8.ToArray();
        var signature = WebhookSignature.Sign("s1", 100, body);

        Assert.True(WebhookSignature.Verify("s1", 100, body, signature));
        Assert.False(WebhookSignature.Verify("s1", 101, body, signature));
        Assert.False(WebhookSignature.Verify("s1", 100, """{"id":2}"""u8.ToArray(), signature));
        Assert.False(WebhookSignature.Verify("s2", 100, body, signature));
        Assert.False(WebhookSignature.Verify("s1", 100, body, null));
    }
}
