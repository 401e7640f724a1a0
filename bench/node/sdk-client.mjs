// The Node SDK (@modelcontextprotocol/sdk) as the client of the hop benchmark (bench/README.md): C clients, each its
// own session (`Client` + `StreamableHTTPClientTransport`: initialize, notifications/initialized, the standalone GET
// stream when the server offers one), each calling `tools/call TOOL {message}` in a closed loop (the next call when
// the answer is in). A warm-up, then the measured phase; every answer is checked (not an error, first content block
// the text EXPECT); only checked answers' latencies count. Prints one JSON line on stdout:
//   {"count","errors","errorSamples","p50","p90","p99","mean","max","rps","wallSeconds","protocolVersion"}
// (milliseconds; count = checked answers, errors = failed calls; rps = count / wallSeconds).
//
//   node sdk-client.mjs --url http://127.0.0.1:3000/mcp [--tool echo] [--message hello] [--expect hello]
//                       [--concurrency 1] [--seconds 5] [--warmup-seconds 2] [--calls N] [--handshake]
//
// --calls bounds the measured phase by a number of calls as well as by time (whichever comes first). --handshake:
// after the warm-up, print `{"ready":true}` and wait for a line on stdin before measuring, so that the caller can
// sample the CPU counters of the process in front exactly around the measured phase.
import { createInterface } from "node:readline";
import { performance } from "node:perf_hooks";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const args = process.argv.slice(2);
const value = (name, fallback) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : fallback);
const number = (name, fallback) => {
  const n = Number(value(name, fallback));
  if (!Number.isFinite(n) || n < 0) {
    throw new Error(`${name} must be a non-negative number`);
  }
  return n;
};

const url = value("--url");
if (!url) {
  console.error("usage: node sdk-client.mjs --url URL [--tool echo] [--message hello] [--expect TEXT] [--concurrency C] [--seconds S] [--warmup-seconds W] [--calls N] [--handshake]");
  process.exit(2);
}

const tool = value("--tool", "echo");
const message = value("--message", "hello");
const expected = value("--expect");
const concurrency = Math.max(1, Math.floor(number("--concurrency", 1)));
const seconds = number("--seconds", 5);
const warmupSeconds = number("--warmup-seconds", 2);
const maxCalls = number("--calls", Number.MAX_SAFE_INTEGER);
const handshake = args.includes("--handshake");
const MaxErrorSamples = 5;

/** What is wrong with an answer, or null when it is the expected text block. */
function check(result) {
  if (result?.isError) {
    return `tool error: ${JSON.stringify(result.content)}`.slice(0, 300);
  }
  const block = result?.content?.[0];
  if (block?.type !== "text") {
    return `no text block: ${JSON.stringify(result)}`.slice(0, 300);
  }
  const ok = expected === undefined ? block.text === message || block.text === `Echo: ${message}` : block.text === expected;
  return ok ? null : `unexpected text ${JSON.stringify(block.text)}`.slice(0, 300);
}

async function connect(index) {
  const client = new Client({ name: `mcpgw-bench-node-client-${index}`, version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);
  return { client, transport };
}

/**
 * Every session calls in a closed loop until the deadline or until `limit` calls were started in all; returns the
 * checked answers' latencies (ms), the error count and the first error messages.
 */
async function run(sessions, durationMs, limit) {
  const latencies = [];
  const errorSamples = [];
  let errors = 0;
  let started = 0;
  const deadline = performance.now() + durationMs;
  const start = performance.now();
  await Promise.all(
    sessions.map(async ({ client }) => {
      while (performance.now() < deadline && started < limit) {
        started++;
        const t0 = performance.now();
        let problem;
        try {
          problem = check(await client.callTool({ name: tool, arguments: { message } }));
        } catch (e) {
          problem = `${e?.name ?? "Error"}: ${e?.message ?? e}`.slice(0, 300);
        }
        const t1 = performance.now();
        if (problem === null) {
          latencies.push(t1 - t0);
        } else {
          errors++;
          if (errorSamples.length < MaxErrorSamples) {
            errorSamples.push(problem);
          }
        }
      }
    }),
  );
  return { latencies, errors, errorSamples, wallMs: performance.now() - start };
}

/** Nearest rank, as the C# load generator does: the smallest sample with at least p% of the samples at or below it. */
function percentile(sorted, p) {
  if (sorted.length === 0) {
    return null;
  }
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (v) => (v === null ? null : Math.round(v * 1000) / 1000);

async function waitForGo() {
  console.log(JSON.stringify({ ready: true }));
  const lines = createInterface({ input: process.stdin });
  for await (const _ of lines) {
    break;
  }
  lines.close();
}

let sessions = [];
let exitCode = 0;
try {
  sessions = await Promise.all(Array.from({ length: concurrency }, (_, i) => connect(i)));
  if (warmupSeconds > 0) {
    await run(sessions, warmupSeconds * 1000, Number.MAX_SAFE_INTEGER);
  }
  if (handshake) {
    await waitForGo();
  }
  const { latencies, errors, errorSamples, wallMs } = await run(sessions, seconds * 1000, maxCalls);
  latencies.sort((a, b) => a - b);
  const mean = latencies.length ? latencies.reduce((s, v) => s + v, 0) / latencies.length : null;
  const wallSeconds = wallMs / 1000;
  console.log(
    JSON.stringify({
      count: latencies.length,
      errors,
      errorSamples,
      p50: round(percentile(latencies, 50)),
      p90: round(percentile(latencies, 90)),
      p99: round(percentile(latencies, 99)),
      mean: round(mean),
      max: round(latencies.at(-1) ?? null),
      rps: wallSeconds > 0 ? Math.round((latencies.length / wallSeconds) * 10) / 10 : 0,
      wallSeconds: Math.round(wallSeconds * 1000) / 1000,
      protocolVersion: sessions[0]?.transport.protocolVersion ?? null,
    }),
  );
  exitCode = errors > 0 ? 1 : 0;
} catch (e) {
  console.error(`sdk-client: ${e?.stack ?? e}`);
  exitCode = 2;
} finally {
  // End the sessions (DELETE where the server keeps them) so that a run leaves no state behind.
  await Promise.allSettled(
    sessions.map(async ({ client, transport }) => {
      await transport.terminateSession().catch(() => {});
      await client.close();
    }),
  );
}
process.exit(exitCode);
