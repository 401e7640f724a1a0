// A small real MCP server over stdio for failure tests: it can hang, crash mid-call, or answer.
// Tools: ok (answers "ok"), hang (never answers), crash (the process exits while the call is in flight).
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

const server = new McpServer({ name: "fake-backend", version: "1.0.0" });
server.tool("ok", "Answers ok", async () => ({ content: [{ type: "text", text: "ok" }] }));
server.tool("hang", "Never answers", () => new Promise(() => {}));
server.tool("crash", "Exits mid-call", () => {
  setTimeout(() => process.exit(3), 50);
  return new Promise(() => {});
});
await server.connect(new StdioServerTransport());
