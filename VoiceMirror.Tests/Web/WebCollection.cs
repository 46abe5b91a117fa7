namespace VoiceMirror.Tests.Web;

/// Hangfire keeps its storage in a process-wide static (JobStorage.Current), so two apps starting at once
/// could enqueue into each other's database: the web test classes run one after another.
[CollectionDefinition(Name)]
public sealed class WebCollection
{
    public const string Name = "Web";
}
