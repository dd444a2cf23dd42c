using Rntk.Notebooks;

return await Cli.RunAsync(args, Console.Out, Console.Error);
