using System.CommandLine;
using Microsoft.Extensions.Options;

namespace VoiceMirror.Engine.Cli;

/// <summary>
/// Entry point of the <c>voicemirror</c> tool. Exit codes: 0 done, 1 unexpected failure, 2 bad arguments or
/// settings, 3 an <see cref="EngineException"/> (its error code and message are printed), 130 cancelled.
/// </summary>
public static class CommandLine
{
    public const int Ok = 0, Failed = 1, BadArguments = 2, EngineFailure = 3, Cancelled = 130;

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cts.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                output.WriteLine(UsageText);
                return args.Length == 0 ? BadArguments : Ok;
            }
            var root = new RootCommand("voicemirror: photo + text -> talking-head MP4")
            {
                AnimateCommand.Create(output),
                BenchCommand.Create(args[1..], output),
                BenchCommand.CreateRun(output),
                BenchInferenceCommand.Create(output),
            };
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
                throw new UsageException(string.Join(Environment.NewLine, parse.Errors.Select(e => e.Message)));
            // Our handlers below turn exceptions into exit codes; System.CommandLine's own handler would print a stack.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error }, cts.Token);
        }
        catch (UsageException e)
        {
            error.WriteLine($"error: {e.Message}");
            error.WriteLine(UsageText);
            return BadArguments;
        }
        catch (OptionsValidationException e)
        {
            error.WriteLine($"error: {string.Join(Environment.NewLine, e.Failures)}");
            return BadArguments;
        }
        catch (EngineException e)
        {
            error.WriteLine($"error {e.Error}: {e.Message}");
            return EngineFailure;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            error.WriteLine("cancelled");
            return Cancelled;
        }
        catch (Exception e)
        {
            error.WriteLine($"failed: {e}");
            return Failed;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static string UsageText => string.Join(Environment.NewLine,
        "usage:", "  " + AnimateCommand.Usage, "  " + BenchCommand.Usage, "  " + BenchInferenceCommand.Usage);
}
