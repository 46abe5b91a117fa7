using Microsoft.AspNetCore.Identity;
using VoiceMirror.Web.Localization;

namespace VoiceMirror.Web.Access;

/// Identity's refusals (weak password, taken e-mail) in the UI's language, from Messages*.resx like every other refusal.
/// Only what account creation and sign-in can produce here; the rest keep Identity's English.
public sealed class LocalizedIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), length);
    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit));
    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower));
    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper));
    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric));
    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), email);
    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateEmail), userName); // the user name is the e-mail
    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), email);
    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidEmail), userName);

    private static IdentityError Error(string code, params object?[] args) =>
        new() { Code = code, Description = Messages.Get("Identity" + code, args) };
}
