using System.Globalization;
using System.Net;
using System.Text.Json;
using VoiceMirror.Web.Localization;

namespace VoiceMirror.Tests.Web;

public static class ProblemAssert
{
    /// Asserts an RFC 9457 body with the given status and code whose detail is the message for
    /// <paramref name="key"/> in <paramref name="language"/>.
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code,
        string language = "ru", string? key = null, params object?[] args)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Matches(@"^https://tools\.ietf\.org/html/rfc(9110|6585)#section-", problem.GetProperty("type").GetString()); // 429 is RFC 6585's
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.Equal(code, problem.GetProperty("code").GetString());
        var expected = Messages.Get(key ?? code, new CultureInfo(language), args);
        Assert.Equal(expected, problem.GetProperty("detail").GetString());
        Assert.Equal(language == "ru", problem.GetProperty("detail").GetString()!.Any(c => c is >= 'А' and <= 'я'));
        return problem;
    }
}
