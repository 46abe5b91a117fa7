using System.CommandLine;
using VoiceMirror.Web.Extensions;

namespace VoiceMirror.Web.Access;

/// `dotnet VoiceMirror.Web.dll create-admin --email … --password …`: the first admin (or a new one) without starting
/// the server. It uses the app's own settings, so it writes to the database the server uses.
public static class CreateAdminCommand
{
    public const string Name = "create-admin";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        // A terminal has no Accept-Language: the command speaks English, like the app's other command-line tools.
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("en");
        var email = new Option<string>("--email") { Description = "The admin's e-mail, used to sign in", Required = true };
        var password = new Option<string>("--password") { Description = "At least 8 characters with a digit, an upper and a lower case letter and a symbol", Required = true };
        var command = new RootCommand("Creates an admin account (or makes an existing account an admin).") { email, password };
        var parse = command.Parse(args.Skip(1).ToArray());
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {error.Message}");
            Console.Error.WriteLine($"usage: dotnet VoiceMirror.Web.dll {Name} --email admin@example.com --password '…'");
            return 2;
        }
        await app.MigrateDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var (_, errors) = await scope.ServiceProvider.GetRequiredService<AccountAdmin>()
            .CreateAsync(parse.GetValue(email)!, parse.GetValue(password)!, admin: true);
        if (errors.Length > 0)
        {
            foreach (var error in errors) Console.Error.WriteLine($"error: {error}");
            return 1;
        }
        Console.WriteLine($"{parse.GetValue(email)} is an admin.");
        return 0;
    }
}
