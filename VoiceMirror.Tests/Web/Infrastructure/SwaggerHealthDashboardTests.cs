using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace VoiceMirror.Tests.Web.Infrastructure;

[Collection(WebCollection.Name)]
public sealed class SwaggerHealthDashboardTests(VoiceMirrorAppFactory app) : IClassFixture<VoiceMirrorAppFactory>
{
    [Fact]
    public async Task SwaggerDocumentsAvatarEndpointsUnderTheRussianTagWithTheirErrorResponses()
    {
        var client = app.CreateClient();
        Assert.Contains("swagger-ui", await client.GetStringAsync("/api/index.html"));
        var doc = JsonDocument.Parse(await client.GetStringAsync("/swagger/v1/swagger.json")).RootElement;
        var paths = doc.GetProperty("paths");

        var upload = paths.GetProperty("/avatar/upload").GetProperty("post");
        Assert.Equal("🎭 Аватар и анимация лица", upload.GetProperty("tags")[0].GetString());
        var uploadCodes = upload.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "200", "400", "413", "422", "500" }, uploadCodes);
        var form = upload.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        Assert.Superset(new HashSet<string> { "image", "name", "description" }, form.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet());

        var animate = paths.GetProperty("/avatar/animate").GetProperty("post");
        Assert.Superset(new HashSet<string> { "200", "400", "404" }, animate.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet());
        Assert.True(paths.GetProperty("/avatar/animations/{id}/status").GetProperty("get").GetProperty("responses").TryGetProperty("404", out _));
        Assert.True(paths.GetProperty("/avatar/{avatarId}/animations").GetProperty("get").GetProperty("responses").TryGetProperty("404", out _));

        var schemas = doc.GetProperty("components").GetProperty("schemas");
        Assert.Equal("Привет! Меня зовут Виктор.", schemas.GetProperty("AnimateRequest").GetProperty("properties").GetProperty("text").GetProperty("example").GetString());
        Assert.Equal("NoFace", schemas.GetProperty("ProblemDetails").GetProperty("example").GetProperty("code").GetString());
    }

    [Fact]
    public async Task HealthReportsEveryDependencyHealthy()
    {
        using var response = await app.CreateClient().GetAsync("/health");
        var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = health.GetProperty("checks");
        foreach (var name in new[] { "database", "jobs", "ffmpeg", "espeak-ng", "models" })
            Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString());
        Assert.StartsWith("ffmpeg version", checks.GetProperty("ffmpeg").GetProperty("description").GetString());
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task DashboardOpensForLocalRequests()
    {
        using var response = await app.CreateClient().GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("VoiceMirror jobs", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DashboardSpeaksTheUiLanguageNotTheBrowsers()
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");
        var russian = await client.GetStringAsync("/hangfire");
        Assert.Contains("Задания", russian); // the UI's default, whatever the browser asks for
        Assert.Contains("<html lang=\"ru\">", russian); // the dashboard's script formats times and "ago" in this locale

        using var english = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        english.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Den%7Cuic%3Den"); // as set by the RU/EN switch
        var page = await (await client.SendAsync(english)).Content.ReadAsStringAsync();
        Assert.Contains("Jobs", page);
        Assert.Contains("<html lang=\"en\">", page);
        Assert.DoesNotContain("Задания", page);
    }
}

/// Every request seems to come from 203.0.113.7 (a documentation address), as from another machine.
public sealed class RemoteClientApp : VoiceMirrorAppFactory
{
    public RemoteClientApp()
    {
        Settings["VoiceMirror:Admin:User"] = "admin";
        Settings["VoiceMirror:Admin:Password"] = "s3cret";
        ConfigureServices = services => services.AddSingleton<IStartupFilter, RemoteAddressFilter>();
    }

    private sealed class RemoteAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

[Collection(WebCollection.Name)]
public sealed class RemoteDashboardTests(RemoteClientApp app) : IClassFixture<RemoteClientApp>
{
    [Fact]
    public async Task DashboardRefusesRemoteRequestWithoutCredentials()
    {
        using var response = await app.CreateClient().GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task DashboardRefusesRemoteRequestWithWrongPassword()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:wrong")));
        using var response = await client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task DashboardOpensForRemoteAdminWithCredentials()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:s3cret")));
        using var response = await client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
