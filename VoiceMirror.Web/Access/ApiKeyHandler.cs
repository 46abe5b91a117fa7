using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Errors;

namespace VoiceMirror.Web.Access;

/// Signs a request in as the user of its API key (X-Api-Key, Authorization: Bearer, or access_token on the hub,
/// since browsers cannot set headers on a WebSocket). Its challenge is the API's: 401 ProblemDetails, never a redirect.
public sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    VoiceMirrorDbContext db, UserManager<IdentityUser> users, IUserClaimsPrincipalFactory<IdentityUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    /// Whether the request carries a key at all; the combined scheme uses it to pick this handler over the cookie.
    public static bool HasKey(HttpRequest request) => KeyOf(request) is not null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = KeyOf(Request);
        if (secret is null) return AuthenticateResult.NoResult();
        var hash = ApiKeys.Hash(secret);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Hash == hash, Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("Unknown or revoked API key.");
        var user = await users.FindByIdAsync(key.UserId);
        if (user is null || await users.IsLockedOutAsync(user)) return AuthenticateResult.Fail("The API key's user is disabled.");

        // At most one write a minute per key: a busy frontend must not turn every request into an UPDATE.
        var now = DateTime.UtcNow;
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(Context.RequestAborted);
        }
        var principal = await principals.CreateAsync(user);
        var identity = new ClaimsIdentity(principal.Claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties) =>
        await WriteProblemAsync(Context, StatusCodes.Status401Unauthorized, "AuthRequired");

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await WriteProblemAsync(Context, StatusCodes.Status403Forbidden, "AdminOnly");

    internal static async Task WriteProblemAsync(HttpContext http, int status, string code)
    {
        http.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
            http.Response.Headers.WWWAuthenticate = $"Bearer realm=\"VoiceMirror\", {Header}";
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = ProblemExceptionHandler.Create(status, code, Localization.Messages.Get(code)),
        });
    }

    private static string? KeyOf(HttpRequest request)
    {
        if (request.Headers[Header].FirstOrDefault() is { Length: > 0 } header) return header.Trim();
        var authorization = request.Headers.Authorization.FirstOrDefault();
        if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return authorization[7..].Trim() is { Length: > 0 } bearer ? bearer : null;
        if (request.Path.StartsWithSegments("/hubs") && request.Query["access_token"].FirstOrDefault() is { Length: > 0 } token)
            return token;
        return null;
    }
}
