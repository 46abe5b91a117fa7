namespace VoiceMirror.Web.Access;

/// Who may use the app: anyone who reaches it (Open), or signed-in accounts and their API keys (Accounts).
public enum AuthMode { Open, Accounts }

/// VoiceMirror:Auth. Mode left empty means Open while every listening address is loopback, Accounts otherwise.
public sealed record AuthOptions
{
    public const string Section = "VoiceMirror:Auth";

    /// "Open" or "Accounts" as written in configuration; <see cref="Mode"/> is the resolved value.
    public string? ModeSetting { get; set; }
    public AuthMode Mode { get; set; } = AuthMode.Open;

    /// The addresses the app was configured to listen on, kept for the start-up message.
    public IReadOnlyList<string> Urls { get; set; } = [];

    public InitialAdminOptions InitialAdmin { get; set; } = new();

    public bool Enforced => Mode == AuthMode.Accounts;
}

/// VoiceMirror:Auth:InitialAdmin — the first account, created at start-up while no account exists.
public sealed record InitialAdminOptions
{
    public string? Email { get; set; }
    public string? Password { get; set; }
}
