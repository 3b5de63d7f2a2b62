// MCP over HTTP as the app serves it (the built server/index.ts with its worker): run_agent starts a
// real run through the app's job queue, and a heavy analysis is worked out by the worker and read
// from its stored result (ADR 0015) instead of in the web process.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../mcp/auth";
import { SHOP, startLocalStack, type LocalStack } from "./support";

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  stack = await startLocalStack();
  const created = await createToken(stack.db, SHOP, { kind: "merchant", id: "e2e" }, { name: "e2e", scope: "write" });
  if (!created.ok) throw new Error(created.message);
  client = new Client({ name: "mcp-app-e2e", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${stack.baseUrl}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${created.data.token}` } },
    }),
  );
});

afterAll(async () => {
  await client?.close();
  await stack?.stop();
});

const structured = (result: Awaited<ReturnType<Client["callTool"]>>) =>
  result.structuredContent as Record<string, unknown> | undefined;

describe("MCP over the app's HTTP server", () => {
  it("run_agent starts a run the worker carries out", async () => {
    const result = await client.callTool({ name: "run_agent", arguments: { agent: "finance-monitor" } });
    expect(result.isError).not.toBe(true);
    const runId = String(structured(result)?.runId);
    let status = "";
    for (let i = 0; i < 600 && !["succeeded", "failed"].includes(status); i++) {
      status = (await stack.db.agentRun.findUnique({ where: { id: runId } }))?.status ?? "";
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe("succeeded");
  });

  it("a heavy analysis comes from the worker's stored result, with its time", async () => {
    const result = await client.callTool({ name: "get_customer_segments", arguments: {} });
    expect(result.isError).not.toBe(true);
    expect((result._meta as { asOf?: string } | undefined)?.asOf).toBeTruthy();
    const stored = await stack.db.storedResult.findMany({ where: { shop: SHOP, tool: "get_customer_segments" } });
    expect(stored).toHaveLength(1);
    // Computed by the analysis-refresh agent in the worker, not in the web process.
    expect(stored[0].runId).toBeTruthy();
  });
});
