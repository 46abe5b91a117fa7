using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using VoiceMirror.Web.Access;
using VoiceMirror.Web.Data;

namespace VoiceMirror.Web.Extensions;

public static class AccessExtensions
{
    /// Pages, the API and the hub: anyone in Open mode, a signed-in user or API key in Accounts mode.
    public const string UserPolicy = "VoiceMirrorUser";
    /// The Users page and /hangfire: an admin in Accounts mode (in Open mode the machine's own user is trusted).
    public const string AdminPolicy = "VoiceMirrorAdmin";
    private const string CombinedScheme = "VoiceMirror";

    // Refusals on these paths are 401/403 ProblemDetails; everything else (the UI) redirects to /login.
    private static readonly string[] ApiPrefixes = ["/avatar", "/voices", "/engines", "/hubs", "/account", "/limits", "/webhooks"];

    public static void AddVoiceMirrorAccess(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(AuthOptions.Section);
        var urls = ListenAddresses.From(builder.Configuration);
        builder.Services.AddOptions<AuthOptions>()
            .Configure(o =>
            {
                o.ModeSetting = section["Mode"]?.Trim();
                o.Urls = urls;
                o.Mode = ResolveMode(o.ModeSetting, urls) ?? AuthMode.Open;
                section.GetSection("InitialAdmin").Bind(o.InitialAdmin);
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidation>();

        builder.Services.AddIdentity<IdentityUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 8;
                o.Lockout.MaxFailedAccessAttempts = 10; // then 5 minutes locked: guessing stays slow, a typo-prone user is not stuck
            })
            .AddEntityFrameworkStores<VoiceMirrorDbContext>()
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddDefaultTokenProviders();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/access-denied";
            o.Cookie.Name = "VoiceMirror.Auth";
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = c => IsApi(c.Request) ? ApiKeyHandler.WriteProblemAsync(c.HttpContext, 401, "AuthRequired") : Redirect(c);
            o.Events.OnRedirectToAccessDenied = c => IsApi(c.Request) ? ApiKeyHandler.WriteProblemAsync(c.HttpContext, 403, "AdminOnly") : Redirect(c);
        });
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = o.DefaultAuthenticateScheme = o.DefaultChallengeScheme = o.DefaultForbidScheme = CombinedScheme;
            })
            .AddPolicyScheme(CombinedScheme, "Identity cookie or API key", o => o.ForwardDefaultSelector = http =>
                ApiKeyHandler.HasKey(http.Request) ? ApiKeyHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddOptions<AuthorizationOptions>().Configure<IOptions<AuthOptions>>((o, auth) =>
        {
            var enforced = auth.Value.Enforced;
            o.AddPolicy(UserPolicy, p => { if (enforced) p.RequireAuthenticatedUser(); else p.RequireAssertion(_ => true); });
            o.AddPolicy(AdminPolicy, p => { if (enforced) p.RequireRole(OwnerClaims.AdminRole); else p.RequireAssertion(_ => true); });
        });
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CurrentOwner>();
        builder.Services.AddScoped<CircuitHandler, CircuitUser>();
        builder.Services.AddScoped<VoiceOwnership>();
        builder.Services.AddScoped<ApiKeys>();
        builder.Services.AddScoped<AccountAdmin>();
    }

    /// After localization and the exception handler (a refusal is a localized ProblemDetails), before the endpoints.
    public static void UseVoiceMirrorAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapAccountEndpoints();
    }

    /// Open when the setting says so or, left empty, while only loopback addresses are served; null for an unknown value.
    internal static AuthMode? ResolveMode(string? setting, IReadOnlyList<string> urls)
    {
        if (string.IsNullOrWhiteSpace(setting)) return ListenAddresses.LoopbackOnly(urls) ? AuthMode.Open : AuthMode.Accounts;
        var name = Enum.GetNames<AuthMode>().FirstOrDefault(n => n.Equals(setting.Trim(), StringComparison.OrdinalIgnoreCase));
        return name is null ? null : Enum.Parse<AuthMode>(name);
    }

    private static bool IsApi(HttpRequest request) =>
        ApiPrefixes.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> c)
    {
        c.Response.Redirect(c.RedirectUri);
        return Task.CompletedTask;
    }
}
