using McpGateway.Edge.Cli;

// mcpgw [serve] [--urls URL] [--config-dir DIR] [--data-dir DIR] | mcpgw config check | mcpgw migrate | mcpgw token --user-id ID --roles a,b | mcpgw audit verify
var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
var rest = verb == "serve" && args.Length > 0 && args[0] == "serve" ? args[1..] : args;

return verb switch
{
    "serve" => await ServeCommand.RunAsync(rest),
    "config" when args.Length > 1 && args[1] == "check" => ServeCommand.Check(args[2..]),
    "token" => TokenCommand.Run(args[1..]),
    "bridge" => await BridgeCommand.RunAsync(args[1..]),
    "audit" => await AuditCommand.RunAsync(args[1..]),
    "migrate" => await MigrateCommand.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: mcpgw [serve] [--urls URL] [--config-dir DIR] [--data-dir DIR]\n       mcpgw config check [--config-dir DIR]\n       mcpgw migrate [--data-dir DIR]   (DATABASE_URL, else the embedded file under the data folder)\n       mcpgw token --user-id ID --roles a,b [--workspace W] [--api-version V] [--expires-in-seconds N]   (Development only)\n       mcpgw bridge --endpoint URL [--token TOKEN]\n       mcpgw audit verify [--data-dir DIR]   (DATABASE_URL, else the embedded file under the data folder)");
    return 2;
}
