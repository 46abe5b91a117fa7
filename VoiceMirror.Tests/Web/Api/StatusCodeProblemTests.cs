using System.Net;
using System.Net.Http.Headers;

namespace VoiceMirror.Tests.Web.Api;

/// Requests that routing or content negotiation refuse before any endpoint runs still get localized ProblemDetails.
[Collection(WebCollection.Name)]
public sealed class StatusCodeProblemTests(VoiceMirrorAppFactory app) : IClassFixture<VoiceMirrorAppFactory>
{
    private HttpClient Client(string language)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return client;
    }

    [Theory]
    [InlineData("ru")]
    [InlineData("en")]
    public async Task AnimateWithAFormInsteadOfJsonIsAProblemNotAnEmpty415(string language)
    {
        using var form = new MultipartFormDataContent { { new StringContent("1"), "avatarId" }, { new StringContent("Привет"), "text" } };
        using var response = await Client(language).PostAsync("/avatar/animate", form);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", language);
    }

    [Fact]
    public async Task UploadWithJsonInsteadOfAFormIsAProblemNotAnEmpty415()
    {
        using var response = await Client("ru").PostAsync("/avatar/upload", new StringContent("{}", null, "application/json"));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType");
    }

    [Theory]
    [InlineData("ru")]
    [InlineData("en")]
    public async Task UnknownApiPathIsAProblemNamingThePath(string language)
    {
        using var response = await Client(language).GetAsync("/avatar/animations/abc/status");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "RouteNotFound", language, null, "/avatar/animations/abc/status");
    }

    [Fact]
    public async Task WrongMethodIsAProblemNamingTheMethod()
    {
        using var response = await Client("en").DeleteAsync("/avatar");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", "en", null, "DELETE", "/avatar");
    }
}
