// The Claude Desktop bundle (npm run mcp:bundle): packed and validated by @anthropic-ai/mcpb,
// unpacked as Claude Desktop does, and its entry point started the way the manifest says, as an
// MCP client over stdio: it serves the picked Royal Equips folder's tools with the given token.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { unpackExtension } from "@anthropic-ai/mcpb";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_TOKEN } from "@royal-equips/emulator/testing";
import { toolRegistry } from "../agents/tools";
import { buildBundle, SUMMARY_MAX } from "../scripts/mcp-bundle";
import { repoRoot } from "../tests/support/database";
import { startFixture, TEST_SHOP, type Fixture } from "./testing/fixtures";

const node = path.join(repoRoot, "node_modules/.bin/node");
let fx: Fixture;
let dir: string;
let unpacked: string;

interface Manifest {
  name: string;
  version: string;
  server: {
    type: string;
    entry_point: string;
    mcp_config: { command: string; args: string[]; env: Record<string, string> };
  };
  tools: { name: string; description: string }[];
  user_config: Record<string, { type: string; sensitive?: boolean; required?: boolean }>;
}
let manifest: Manifest;

beforeAll(async () => {
  fx = await startFixture();
  dir = mkdtempSync(path.join(tmpdir(), "royal-mcpb-"));
  const bundle = await buildBundle(path.join(dir, "royal-equips.mcpb"));
  unpacked = path.join(dir, "unpacked");
  expect(await unpackExtension({ mcpbPath: bundle, outputDir: unpacked, silent: true })).toBe(true);
  manifest = JSON.parse(readFileSync(path.join(unpacked, "manifest.json"), "utf8")) as Manifest;
}, 120_000);

afterAll(async () => {
  await fx?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The manifest's command line, with the values Claude Desktop substitutes. */
function commandLine(userConfig: { app_dir: string; access_token: string }) {
  const fill = (value: string) =>
    value
      .replace("${__dirname}", unpacked)
      .replace("${user_config.app_dir}", userConfig.app_dir)
      .replace("${user_config.access_token}", userConfig.access_token);
  const { args, env } = manifest.server.mcp_config;
  return { args: args.map(fill), env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, fill(v)])) };
}

const appEnv = () => ({
  ...process.env,
  DATABASE_URL: fx.database.url,
  LOCAL_MODE: "true",
  EMULATOR_URL: fx.emulator.url,
  EMULATOR_ACCESS_TOKEN: TEST_TOKEN,
  LOG_LEVEL: "silent",
});

describe("the MCP bundle", () => {
  it("has a manifest naming every tool and asking for the app's folder and a secret token", () => {
    expect(manifest).toMatchObject({
      name: "royal-equips",
      server: { type: "node", entry_point: "server/launch.mjs", mcp_config: { command: "node" } },
      user_config: {
        app_dir: { type: "directory", required: true },
        access_token: { type: "string", sensitive: true, required: true },
      },
    });
    expect(manifest.tools.map((t) => t.name).sort()).toEqual(
      toolRegistry
        .list()
        .map((t) => t.name)
        .sort(),
    );
    expect(manifest.tools.every((t) => t.description.length > 10 && t.description.length <= SUMMARY_MAX)).toBe(true);
  });

  it("started as the manifest says, serves the picked folder's tools with the token", async () => {
    const { token } = await fx.token("read");
    const { args, env } = commandLine({ app_dir: repoRoot, access_token: token });
    const client = new Client({ name: "bundle-test", version: "1.0.0" });
    await client.connect(
      new StdioClientTransport({ command: node, args, env: { ...appEnv(), ...env }, stderr: "pipe" }),
    );
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain("get_agent_run");
      const result = (await client.callTool({ name: "get_shop_overview", arguments: { days: 7 } })) as CallToolResult;
      expect(result.structuredContent).toMatchObject({ shop: TEST_SHOP });
    } finally {
      await client.close();
    }
  }, 60_000);

  it("says which folder is wrong instead of failing silently", async () => {
    const { args, env } = commandLine({ app_dir: dir, access_token: "rq_x" });
    const run = promisify(execFile)(node, args, { env: { ...appEnv(), ...env }, timeout: 30_000 });
    await expect(run).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/is not the Royal Equips folder/),
    });
  });
});
