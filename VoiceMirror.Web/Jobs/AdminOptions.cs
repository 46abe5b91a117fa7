namespace VoiceMirror.Web.Jobs;

/// VoiceMirror:Admin — basic-auth credentials for the /hangfire dashboard from other machines.
/// Unset: the dashboard answers loopback requests only. Open mode only: in Accounts mode an admin's sign-in is the way in.
public sealed record AdminOptions
{
    public const string Section = "VoiceMirror:Admin";
    public string? User { get; set; }
    public string? Password { get; set; }
    public bool Configured => !string.IsNullOrEmpty(User) && !string.IsNullOrEmpty(Password);
}
