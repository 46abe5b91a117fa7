using VoiceMirror.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddRepositorySettings();
builder.UseUrlsFromEnvironment();
var role = builder.GetVoiceMirrorRole();

builder.AddEngine();
builder.AddVoiceMirrorDatabase();
builder.AddVoiceMirrorStorage();
builder.AddVoiceMirrorJobs(role);
builder.AddVoiceMirrorHealth();
if (role == AppRole.Web)
{
    builder.AddVoiceMirrorApi();
    builder.AddVoiceMirrorRealtime();
    builder.AddVoiceMirrorUi();
}

var app = builder.Build();
await app.MigrateDatabaseAsync();

if (role == AppRole.Web)
{
    app.UseVoiceMirrorNotFoundPage();
    app.UseVoiceMirrorApi();
    app.MapVoiceMirrorHubs();
    app.MapVoiceMirrorDashboard();
    app.MapVoiceMirrorUi();
}
app.MapVoiceMirrorHealth(); // every role: orchestrators probe workers too

app.Run();

public partial class Program;
