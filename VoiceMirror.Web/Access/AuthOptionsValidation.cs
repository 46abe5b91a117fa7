using Microsoft.Extensions.Options;

namespace VoiceMirror.Web.Access;

/// Stops start-up with a message that says what to set, rather than serving an open app to the network.
public sealed class AuthOptionsValidation : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions o)
    {
        if (!string.IsNullOrEmpty(o.ModeSetting) && !Enum.GetNames<AuthMode>().Any(n => n.Equals(o.ModeSetting, StringComparison.OrdinalIgnoreCase)))
            return ValidateOptionsResult.Fail(
                $"VoiceMirror:Auth:Mode is '{o.ModeSetting}'; set it to Open (no sign-in, this machine only) or Accounts (accounts and API keys).");
        if (o.Mode == AuthMode.Open && !ListenAddresses.LoopbackOnly(o.Urls))
            return ValidateOptionsResult.Fail(
                $"VoiceMirror:Auth:Mode is Open (no sign-in), but the app listens on {string.Join(", ", o.Urls)}, which other machines can reach. " +
                "Set VoiceMirror:Auth:Mode=Accounts (environment variable VoiceMirror__Auth__Mode=Accounts) and create the first admin with " +
                "VoiceMirror:Auth:InitialAdmin:Email and :Password or `dotnet VoiceMirror.Web.dll create-admin --email ... --password ...`; " +
                "or listen on loopback only (Urls=http://localhost:3000).");
        if (string.IsNullOrEmpty(o.InitialAdmin.Email) != string.IsNullOrEmpty(o.InitialAdmin.Password))
            return ValidateOptionsResult.Fail("VoiceMirror:Auth:InitialAdmin needs both Email and Password (or neither).");
        return ValidateOptionsResult.Success;
    }
}
