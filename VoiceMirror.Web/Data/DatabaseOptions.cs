namespace VoiceMirror.Web.Data;

public enum DatabaseProvider { Sqlite, SqlServer }

/// VoiceMirror:Database; the connection string itself is ConnectionStrings:VoiceMirror.
public sealed record DatabaseOptions
{
    public const string Section = "VoiceMirror:Database";
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
