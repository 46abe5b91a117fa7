return await VoiceMirror.Engine.Cli.CommandLine.RunAsync(args);
