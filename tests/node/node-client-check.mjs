// The Node SDK client (@modelcontextprotocol/client) lists and calls the Hello tools through the gateway.
// usage: node node-client-check.mjs <endpoint-url> <legacy|2026-07-28>
// Prints one JSON line with what it saw; exits non-zero on any failure.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";

const [url, era] = process.argv.slice(2);
const options = era === "legacy" ? {} : { versionNegotiation: { mode: { pin: era } } };
const client = new Client({ name: "node-client-check", version: "1.0.0" }, options);
const transport = new StreamableHTTPClientTransport(new URL(url));
await client.connect(transport);

const tools = await client.listTools();
const echo = await client.callTool({ name: "hello.echo", arguments: { message: "from node" } });
const sum = await client.callTool({ name: "hello.sum", arguments: { numbers: [2, 3, 4] } });
const greeting = await client.readResource({ uri: "hello://greeting" });
const prompt = await client.getPrompt({ name: "hello.hello-plan", arguments: { name: "Linus" } });

console.log(JSON.stringify({
  protocolVersion: client.getNegotiatedProtocolVersion?.() ?? null,
  tools: tools.tools.map(t => t.name),
  echo: echo.content[0].text,
  sum: sum.content[0].text,
  greeting: greeting.contents[0].text,
  prompt: prompt.messages[0].content.text,
}));
await client.close();
