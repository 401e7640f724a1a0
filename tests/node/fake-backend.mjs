// A small real MCP server over stdio for failure and validation tests. Tools:
//   ok          answers "ok"
//   hang        never answers
//   crash       the process exits while the call is in flight
//   count       {n: integer >= 0} → how many count calls this process has received so far
//   bad_output  declares outputSchema {sum: number} but returns {sum: "not a number"}
//   good_output declares the same outputSchema and returns {sum: 3}
//   add_tool    adds a tool "added" and announces notifications/tools/list_changed
//   ask_output  declares the outputSchema {sum: number}, asks the client (elicitation) for {sum} and returns it
// The low-level Server is used so that the SDK does not check the results itself.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const empty = { type: "object", properties: {} };
const sumSchema = { type: "object", properties: { sum: { type: "number" } }, required: ["sum"] };
const tools = [
  { name: "ok", description: "Answers ok", inputSchema: empty },
  { name: "hang", description: "Never answers", inputSchema: empty },
  { name: "crash", description: "Exits mid-call", inputSchema: empty },
  {
    name: "count",
    description: "Counts the calls it received",
    inputSchema: { type: "object", properties: { n: { type: "integer", minimum: 0 } }, required: ["n"], additionalProperties: false },
  },
  { name: "bad_output", description: "Returns a result that breaks its output schema", inputSchema: empty, outputSchema: sumSchema },
  { name: "good_output", description: "Returns a result that fits its output schema", inputSchema: empty, outputSchema: sumSchema },
  { name: "add_tool", description: "Adds the tool 'added' and says the list changed", inputSchema: empty },
  { name: "ask_output", description: "Asks the client for a sum and returns it", inputSchema: empty, outputSchema: sumSchema },
];

let counted = 0;
const text = (t) => [{ type: "text", text: String(t) }];
const server = new Server({ name: "fake-backend", version: "1.0.0" }, { capabilities: { tools: { listChanged: true } } });
server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
server.setRequestHandler(CallToolRequestSchema, async (request) => {
  switch (request.params.name) {
    case "ok": return { content: text("ok") };
    case "hang": return new Promise(() => {});
    case "crash":
      setTimeout(() => process.exit(3), 50);
      return new Promise(() => {});
    case "count": return { content: text(++counted) };
    case "bad_output": return { content: text("x"), structuredContent: { sum: "not a number" } };
    case "good_output": return { content: text("3"), structuredContent: { sum: 3 } };
    case "added": return { content: text("added") };
    case "ask_output": {
      const answer = await server.elicitInput({ message: "Which sum?", requestedSchema: sumSchema });
      return { content: text(answer.content?.sum), structuredContent: { sum: answer.content?.sum } };
    }
    case "add_tool":
      if (!tools.some((t) => t.name === "added")) {
        tools.push({ name: "added", description: "Added at run time", inputSchema: empty });
      }
      setTimeout(() => server.sendToolListChanged(), 10);
      return { content: text("ok") };
    default: throw new Error("unknown tool");
  }
});
await server.connect(new StdioServerTransport());
