// A minimal Node SDK (@modelcontextprotocol/sdk) MCP server for the hop benchmark (bench/README.md): one tool, `echo`,
// that answers its `message` as a text block. Streamable HTTP, stateful (a session per initialize) or stateless (a
// server and transport per request, as the SDK's stateless example does), or stdio.
//   node sdk-server.mjs --port 3000 [--stateless]      node sdk-server.mjs --stdio
import http from "node:http";
import { randomUUID } from "node:crypto";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);

function createServer() {
  const server = new McpServer({ name: "bench-node-sdk", version: "1.0.0" });
  server.registerTool(
    "echo",
    { description: "Echoes the message", inputSchema: { message: z.string() } },
    async ({ message }) => ({ content: [{ type: "text", text: message }] }),
  );
  return server;
}

if (flag("--stdio")) {
  await createServer().connect(new StdioServerTransport());
} else {
  const stateless = flag("--stateless");
  const port = Number(value("--port") ?? 3000);
  const sessions = new Map();

  const readBody = (req) =>
    new Promise((resolve, reject) => {
      const chunks = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        try {
          resolve(text.length ? JSON.parse(text) : undefined);
        } catch (e) {
          reject(e);
        }
      });
      req.on("error", reject);
    });

  const httpServer = http.createServer(async (req, res) => {
    try {
      if (!req.url.startsWith("/mcp")) {
        res.writeHead(req.url === "/health" ? 200 : 404).end();
        return;
      }
      const body = req.method === "POST" ? await readBody(req) : undefined;
      if (stateless) {
        const server = createServer();
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        res.on("close", () => {
          transport.close();
          server.close();
        });
        await server.connect(transport);
        await transport.handleRequest(req, res, body);
        return;
      }
      const sessionId = req.headers["mcp-session-id"];
      let transport = sessionId ? sessions.get(sessionId) : undefined;
      if (!transport) {
        if (sessionId || req.method !== "POST") {
          res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32001, message: "Session not found" }, id: null }));
          return;
        }
        transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => sessions.set(id, transport),
        });
        transport.onclose = () => transport.sessionId && sessions.delete(transport.sessionId);
        await createServer().connect(transport);
      }
      await transport.handleRequest(req, res, body);
    } catch (e) {
      if (!res.headersSent) {
        res.writeHead(500).end(String(e));
      }
    }
  });
  httpServer.listen(port, "127.0.0.1", () => console.log(`bench Node SDK server (${stateless ? "stateless" : "stateful"}) on ${port}`));
}
