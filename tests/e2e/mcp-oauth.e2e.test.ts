// MCP sign-in as independent clients see it, against the built app in local mode (ADR 0021):
// - the MCP Inspector CLI 1.x (npm @modelcontextprotocol/inspector-cli, installed as
//   inspector-cli-v1 beside the 0.15 Inspector the stdio test uses: 1.x can send headers) with a
//   static bearer token;
// - mcp-remote (npm), the stdio-to-remote bridge Claude Desktop users run, signing in with OAuth:
//   headless Chromium opens the address it prints, the merchant allows it on the app's consent
//   page, mcp-remote receives the code on its own callback server, exchanges it, and then
//   tools/list and a call go through it; disconnecting it in Settings > MCP clients makes its
//   token fail with 401 and WWW-Authenticate.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../mcp/auth";
import { repoRoot } from "../support/database";
import { ARTIFACTS, SHOP, startLocalStack, type LocalStack } from "./support";

let stack: LocalStack;
const configDir = mkdtempSync(path.join(tmpdir(), "mcp-remote-"));
let remote: ChildProcessWithoutNullStreams | undefined;

beforeAll(async () => {
  // Its own Redis: the shared one counts other runs' failed sign-ins from 127.0.0.1 for an hour.
  // Loopback client ID metadata documents (ADR 0036): the test serves one on 127.0.0.1.
  stack = await startLocalStack({ ownRedis: true, env: { MCP_LOOPBACK_CLIENT_METADATA: "true" } });
});

afterAll(async () => {
  remote?.kill("SIGTERM");
  await stack?.stop();
  rmSync(configDir, { recursive: true, force: true });
});

const bin = (name: string) => path.join(repoRoot, "node_modules/.bin", name);

function run(
  command: string,
  args: string[],
  cwd = repoRoot,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, BROWSER: "true" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("MCP Inspector CLI with a bearer token", () => {
  it("lists the tools and calls one", async () => {
    const created = await createToken(
      stack.db,
      SHOP,
      { kind: "merchant", id: "e2e" },
      { name: "inspector", scope: "read" },
    );
    if (!created.ok) throw new Error(created.message);
    const common = [
      `${stack.baseUrl}/mcp`,
      "--transport",
      "http",
      "--header",
      `Authorization: Bearer ${created.data.token}`,
    ];
    // The CLI reads its own package.json at "../package.json" if that exists relative to the
    // working directory (and relative to itself when importing it): run it from its build folder.
    const cwd = path.join(repoRoot, "node_modules/inspector-cli-v1/build");
    const cli = path.join(cwd, "index.js");
    const list = await run(process.execPath, [cli, ...common, "--method", "tools/list"], cwd);
    expect(list.code, list.stderr).toBe(0);
    const tools = (JSON.parse(list.stdout) as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(tools).toContain("get_shop_overview");
    const call = await run(
      process.execPath,
      [cli, ...common, "--method", "tools/call", "--tool-name", "get_shop_overview", "--tool-arg", "days=30"],
      cwd,
    );
    expect(call.code, call.stderr).toBe(0);
    expect(JSON.parse(call.stdout).isError).toBeFalsy();

    const refused = await run(
      process.execPath,
      [
        cli,
        `${stack.baseUrl}/mcp`,
        "--transport",
        "http",
        "--header",
        "Authorization: Bearer rq_not-a-real-token",
        "--method",
        "tools/list",
      ],
      cwd,
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/-32001.*not a Royal Equips access token/);
  }, 60_000);
});

describe("OAuth sign-in by mcp-remote through the app's consent page in Chromium", () => {
  it("signs in, lists tools, calls one; disconnecting in Settings makes its token fail", async () => {
    remote = spawn(bin("mcp-remote"), [`${stack.baseUrl}/mcp`, "--transport", "http-only"], {
      cwd: repoRoot,
      // BROWSER=true: mcp-remote's "open the browser" does nothing; Chromium below is the browser.
      env: { ...process.env, MCP_REMOTE_CONFIG_DIR: configDir, BROWSER: "true", DISPLAY: "" },
    });
    let log = "";
    remote.stderr.on("data", (d) => (log += d));
    const authorizeUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no authorization URL from mcp-remote:\n${log}`)), 90_000);
      const check = () => {
        const found = /Please authorize this client by visiting:\s+(\S+)/.exec(log);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      };
      remote!.stderr.on("data", check);
    });
    expect(new URL(authorizeUrl).pathname).toBe("/authorize");
    expect(new URL(authorizeUrl).searchParams.get("code_challenge_method")).toBe("S256");
    expect(new URL(authorizeUrl).searchParams.get("resource")).toBe(`${stack.baseUrl}/mcp`);

    // The merchant's part, in the browser.
    const page = await stack.browser.newPage();
    await page.goto(authorizeUrl);
    await page.getByRole("heading", { name: /^Allow .+ to use your store\?$/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/app/authorize");
    await expect(page.getByText(SHOP).first().isVisible()).resolves.toBe(true);
    // Read-only is the default; auto-approve is off and cannot be turned on for read-only.
    await expect(page.getByLabel("Read only: reports and analyses").isChecked()).resolves.toBe(true);
    await expect(page.getByLabel("Apply its changes without my review").isDisabled()).resolves.toBe(true);
    await page.getByText(/^Read and propose changes/).click();
    await expect(page.getByLabel(/^Read and propose changes/).isChecked()).resolves.toBe(true);
    await expect(page.getByLabel("Apply its changes without my review").isChecked()).resolves.toBe(false);
    await Promise.all([page.waitForURL(/\/oauth\/callback\?/), page.getByRole("button", { name: "Allow" }).click()]);
    const callback = new URL(page.url());
    expect(callback.searchParams.get("code")).toMatch(/^rqc_/);

    // mcp-remote exchanges the code and connects; then JSON-RPC over its stdio.
    const lines = createInterface({ input: remote.stdout });
    const answers = new Map<number, { result?: Record<string, unknown>; error?: { message: string } }>();
    const waiters = new Map<number, () => void>();
    lines.on("line", (line) => {
      try {
        const message = JSON.parse(line) as { id?: number };
        if (typeof message.id === "number") {
          answers.set(message.id, message as never);
          waiters.get(message.id)?.();
        }
      } catch {
        // not JSON-RPC
      }
    });
    const send = (id: number | null, method: string, params: object = {}) =>
      new Promise<{ result?: Record<string, unknown>; error?: { message: string } }>((resolve, reject) => {
        remote!.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", ...(id === null ? {} : { id }), method, params })}\n`);
        if (id === null) return resolve({});
        const timer = setTimeout(() => reject(new Error(`no answer to ${method}:\n${log}`)), 30_000);
        waiters.set(id, () => {
          clearTimeout(timer);
          resolve(answers.get(id)!);
        });
      });
    const init = await send(1, "initialize", {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "e2e-through-mcp-remote", version: "1.0.0" },
    });
    expect(init.result?.serverInfo).toBeTruthy();
    await send(null, "notifications/initialized");
    const list = await send(2, "tools/list");
    const names = (list.result?.tools as { name: string }[]).map((t) => t.name);
    expect(names).toContain("get_shop_overview");
    // Read-and-propose access: the store-change tools are listed.
    expect(names).toContain("propose_price_change");
    const call = await send(3, "tools/call", { name: "get_shop_overview", arguments: { days: 30 } });
    expect(call.result?.isError).toBeFalsy();

    // The grant, as Settings > MCP clients shows it; the merchant disconnects it there.
    const grants = await stack.db.mcpGrant.findMany({ where: { shop: SHOP } });
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ scope: "write", autoApprove: false, resource: `${stack.baseUrl}/mcp` });
    await page.goto(`${stack.baseUrl}/app/settings/mcp`);
    await page.getByRole("heading", { name: "Connected assistants" }).waitFor();
    await page.getByRole("button", { name: /^Disconnect / }).click();
    await page.getByText(/^Disconnected /).waitFor();
    await page.close();

    // mcp-remote's saved access token is now refused, with where to sign in again.
    const saved = readdirSync(configDir, { recursive: true, encoding: "utf8" }).find((f) => f.endsWith("_tokens.json"));
    expect(saved, `no tokens saved in ${configDir}`).toBeTruthy();
    const { access_token } = JSON.parse(readFileSync(path.join(configDir, saved!), "utf8")) as { access_token: string };
    const after = await fetch(`${stack.baseUrl}/mcp`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json, text/event-stream",
        Authorization: `Bearer ${access_token}`,
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(after.status).toBe(401);
    expect(after.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(after.headers.get("www-authenticate")).toContain("resource_metadata=");

    // The flow's steps as mcp-remote logged them, kept for the record.
    writeFileSync(path.join(ARTIFACTS, "mcp-remote-oauth.log"), log);
  }, 240_000);
});

describe("consent for a client ID metadata document in Chromium", () => {
  it("shows the document's name with its URL's host; Deny sends access_denied to its redirect URI", async () => {
    let clientId = "";
    const documents = createServer((req, res) => {
      if (req.url === "/oauth/client.json")
        return void res.writeHead(200, { "Content-Type": "application/json" }).end(
          JSON.stringify({
            client_id: clientId,
            client_name: "Document Assistant",
            redirect_uris: [`${new URL(clientId).origin}/callback`],
            token_endpoint_auth_method: "none",
          }),
        );
      res.writeHead(200, { "Content-Type": "text/plain" }).end("callback reached");
    });
    documents.listen(0, "127.0.0.1");
    await new Promise((resolve) => documents.once("listening", resolve));
    try {
      const origin = `http://127.0.0.1:${(documents.address() as AddressInfo).port}`;
      clientId = `${origin}/oauth/client.json`;
      const verifier = randomBytes(32).toString("base64url");
      const authorize = new URL(`${stack.baseUrl}/authorize`);
      authorize.search = new URLSearchParams({
        response_type: "code",
        client_id: clientId,
        redirect_uri: `${origin}/callback`,
        code_challenge: createHash("sha256").update(verifier).digest("base64url"),
        code_challenge_method: "S256",
        state: "doc-state",
        resource: `${stack.baseUrl}/mcp`,
      }).toString();

      const page = await stack.browser.newPage();
      await page.goto(authorize.href);
      await page.getByRole("heading", { name: "Allow Document Assistant to use your store?" }).waitFor();
      const intro = page.getByText(/asks to use/);
      await expect(intro.textContent()).resolves.toMatch(
        new RegExp(`Document Assistant \\(from ${new URL(origin).host.replace(/\./g, "\\.")}\\)`),
      );
      await Promise.all([page.waitForURL(/\/callback\?/), page.getByRole("link", { name: "Deny" }).click()]);
      const back = new URL(page.url());
      expect(back.origin).toBe(origin);
      expect(back.searchParams.get("error")).toBe("access_denied");
      expect(back.searchParams.get("state")).toBe("doc-state");
      await page.close();
    } finally {
      documents.close();
    }
  }, 120_000);
});
