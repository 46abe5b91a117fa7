using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace VoiceMirror.Web.Access;

/// Sign-in and sign-out for the UI. The login page is interactive (MudBlazor), and a circuit cannot set cookies, so
/// the page posts JSON here and reloads. JSON only: a cross-site form cannot send it without a CORS preflight.
public static class AccountEndpoints
{
    public sealed record LoginRequest(string? Email, string? Password, bool Remember);

    public static void MapAccountEndpoints(this WebApplication app)
    {
        var account = app.MapGroup("/account").AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        account.MapPost("/login", async ([FromBody] LoginRequest request, SignInManager<IdentityUser> signIn, HttpContext http) =>
        {
            var user = string.IsNullOrWhiteSpace(request.Email) ? null : await signIn.UserManager.FindByEmailAsync(request.Email.Trim());
            if (user is null || string.IsNullOrEmpty(request.Password))
            {
                await ApiKeyHandler.WriteProblemAsync(http, StatusCodes.Status401Unauthorized, "LoginFailed");
                return;
            }
            var result = await signIn.PasswordSignInAsync(user, request.Password, request.Remember, lockoutOnFailure: true);
            if (result.Succeeded) { http.Response.StatusCode = StatusCodes.Status204NoContent; return; }
            await ApiKeyHandler.WriteProblemAsync(http, StatusCodes.Status401Unauthorized, result.IsLockedOut ? "LoginLockedOut" : "LoginFailed");
        });
        account.MapPost("/logout", async (SignInManager<IdentityUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.NoContent();
        });
    }
}
