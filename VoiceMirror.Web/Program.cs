using VoiceMirror.Web.Access;
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
    builder.AddVoiceMirrorAccess();
    builder.AddVoiceMirrorApi();
    builder.AddVoiceMirrorRealtime();
    builder.AddVoiceMirrorUi();
}

var app = builder.Build();
if (CreateAdminCommand.IsRequested(args)) return await CreateAdminCommand.RunAsync(app, args);
await app.MigrateDatabaseAsync();

if (role == AppRole.Web)
{
    app.UseVoiceMirrorNotFoundPage();
    await AccountAdmin.EnsureInitialAdminAsync(app);
    app.UseVoiceMirrorApi();
    app.UseVoiceMirrorAccess();
    app.MapVoiceMirrorHubs();
    app.MapVoiceMirrorDashboard();
    app.MapVoiceMirrorUi();
}
app.MapVoiceMirrorHealth(); // every role: orchestrators probe workers too

await app.RunAsync();
return 0;

public partial class Program;
