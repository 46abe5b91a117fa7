using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace VoiceMirror.Web.Access;

/// Creating accounts: the first admin (command line or settings) and the users an admin adds on the Users page.
public sealed class AccountAdmin(UserManager<IdentityUser> users, RoleManager<IdentityRole> roles, ILogger<AccountAdmin> logger)
{
    /// Creates the account (or, for an admin, promotes an existing one). Errors are Identity's own texts.
    public async Task<(IdentityUser? User, string[] Errors)> CreateAsync(string email, string password, bool admin)
    {
        email = email.Trim();
        var user = await users.FindByEmailAsync(email);
        if (user is not null && !admin) return (null, [Localization.Messages.Get("IdentityDuplicateEmail", email)]);
        if (user is null)
        {
            user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded) return (null, [.. created.Errors.Select(e => e.Description)]);
            logger.LogInformation("Account {Email} created", email);
        }
        if (admin)
        {
            if (!await roles.RoleExistsAsync(OwnerClaims.AdminRole)) await roles.CreateAsync(new IdentityRole(OwnerClaims.AdminRole));
            if (!await users.IsInRoleAsync(user, OwnerClaims.AdminRole)) await users.AddToRoleAsync(user, OwnerClaims.AdminRole);
        }
        return (user, []);
    }

    /// VoiceMirror:Auth:InitialAdmin, used only while the database has no account at all: changing the settings later
    /// never resets anyone's password.
    public async Task EnsureInitialAdminAsync(InitialAdminOptions initial)
    {
        if (string.IsNullOrEmpty(initial.Email) || string.IsNullOrEmpty(initial.Password)) return;
        if (users.Users.Any()) return;
        var (_, errors) = await CreateAsync(initial.Email, initial.Password, admin: true);
        if (errors.Length > 0)
            throw new InvalidOperationException(
                $"VoiceMirror:Auth:InitialAdmin could not be created: {string.Join(" ", errors)} Fix the Email or Password setting.");
        logger.LogInformation("Initial admin {Email} created from VoiceMirror:Auth:InitialAdmin", initial.Email);
    }

    public static async Task EnsureInitialAdminAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var auth = scope.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value;
        await scope.ServiceProvider.GetRequiredService<AccountAdmin>().StartAsync(auth);
    }

    private async Task StartAsync(AuthOptions auth)
    {
        await EnsureInitialAdminAsync(auth.InitialAdmin);
        if (auth.Enforced && !users.Users.Any())
            logger.LogWarning("Accounts mode and no account yet: nobody can sign in. Set VoiceMirror:Auth:InitialAdmin:Email and " +
                ":Password, or run `dotnet VoiceMirror.Web.dll create-admin --email ... --password ...`.");
    }
}
