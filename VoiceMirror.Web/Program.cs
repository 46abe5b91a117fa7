using VoiceMirror.Web.Access;
using VoiceMirror.Web.Bench;
using VoiceMirror.Web.Extensions;
using VoiceMirror.Web.Limits;
using VoiceMirror.Web.Webhooks;

if (args is [ServeBenchmark.Command, ..]) return await ServeBenchmark.RunAsync(args[1..]);

var builder = WebApplication.CreateBuilder(args);
builder.AddRepositorySettings();
builder.UseUrlsFromEnvironment();
var role = builder.GetVoiceMirrorRole();

builder.AddEngine();
builder.AddVoiceMirrorDatabase();
builder.AddVoiceMirrorStorage();
builder.AddVoiceMirrorJobs(role);
builder.AddVoiceMirrorHealth();
builder.AddVoiceMirrorWebhooks(); // every role: whoever finishes a render sends its webhook
if (role == AppRole.Web)
{
    builder.AddVoiceMirrorAccess();
    builder.AddVoiceMirrorApi();
    builder.AddVoiceMirrorLimits();
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
    app.UseVoiceMirrorLimits(); // after authentication: limits are per owner
    app.MapVoiceMirrorHubs();
    app.MapVoiceMirrorDashboard();
    app.MapVoiceMirrorUi();
}
app.MapVoiceMirrorHealth(); // every role: orchestrators probe workers too

await app.RunAsync();
return 0;

public partial class Program;
