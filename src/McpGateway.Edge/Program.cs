Console.WriteLine("mcpgw");
