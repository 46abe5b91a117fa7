using VoiceMirror.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddRepositorySettings();
builder.UseUrlsFromEnvironment();

builder.AddEngine();
builder.AddVoiceMirrorDatabase();
builder.AddVoiceMirrorApi();
builder.AddVoiceMirrorJobs();
builder.AddVoiceMirrorRealtime();
builder.AddVoiceMirrorHealth();
builder.AddVoiceMirrorUi();

var app = builder.Build();
await app.MigrateDatabaseAsync();

app.UseVoiceMirrorApi();
app.MapVoiceMirrorHubs();
app.MapVoiceMirrorDashboard();
app.MapVoiceMirrorHealth();
app.MapVoiceMirrorUi();

app.Run();

public partial class Program;
