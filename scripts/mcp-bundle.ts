// npm run mcp:bundle: the MCP bundle (.mcpb) Claude Desktop installs in one click (ADR 0022).
// It holds a manifest (the tools listed from the registry, the settings Claude Desktop asks for at
// install: the app's folder and an access token) and mcp/bundle/launch.mjs, which starts that
// folder's stdio server. Packed and validated by @anthropic-ai/mcpb.
//   node --import tsx scripts/mcp-bundle.ts [output=build/royal-equips.mcpb]
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { packExtension } from "@anthropic-ai/mcpb";
import { toolRegistry } from "../agents/tools";
import { SERVER_INFO } from "../mcp/server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** A tool's description cut to its first sentence, at most SUMMARY_MAX characters: the manifest lists what each tool is for. */
export const SUMMARY_MAX = 300;
function summary(text: string): string {
  const sentence = /^[\s\S]*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;
  if (sentence.length <= SUMMARY_MAX) return sentence;
  const cut = sentence.slice(0, SUMMARY_MAX - 1);
  return `${cut.slice(0, cut.lastIndexOf(" "))}…`;
}

export function bundleManifest() {
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
  return {
    manifest_version: "0.3",
    name: SERVER_INFO.name,
    display_name: SERVER_INFO.title,
    version: pkg.version,
    description: "Your Shopify store's sales, stock, pricing, marketing and agents, from the Royal Equips app.",
    long_description:
      "Connects Claude to the Royal Equips app on this computer: the store's synced data, the agents' findings and runs, and proposals for store changes, which wait for your approval in the app. Needs the Royal Equips folder and an access token from the app (Settings > MCP clients).",
    author: { name: "Royal Equips" },
    server: {
      type: "node",
      entry_point: "server/launch.mjs",
      mcp_config: {
        command: "node",
        args: ["${__dirname}/server/launch.mjs"],
        env: { ROYAL_APP_DIR: "${user_config.app_dir}", ROYAL_MCP_TOKEN: "${user_config.access_token}" },
      },
    },
    tools: toolRegistry.list().map((tool) => ({ name: tool.name, description: summary(tool.description) })),
    tools_generated: false,
    prompts: [
      {
        name: "weekly-review",
        description: "A review of the store's last week.",
        text: "Review my store's last week.",
      },
    ],
    keywords: ["shopify", "ecommerce", "inventory", "analytics"],
    license: "UNLICENSED",
    compatibility: { platforms: ["darwin", "linux", "win32"], runtimes: { node: ">=24" } },
    user_config: {
      app_dir: {
        type: "directory",
        title: "Royal Equips folder",
        description: "The folder of your Royal Equips app (where you run npm start).",
        required: true,
      },
      access_token: {
        type: "string",
        title: "Access token",
        description:
          "A token created in the app under Settings > MCP clients (rq_...). Read-only tokens cannot change anything.",
        sensitive: true,
        required: true,
      },
    },
  };
}

export async function buildBundle(output = path.join(root, "build", "royal-equips.mcpb")): Promise<string> {
  const staging = path.join(path.dirname(output), "mcpb");
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(path.join(staging, "server"), { recursive: true });
  writeFileSync(path.join(staging, "manifest.json"), `${JSON.stringify(bundleManifest(), null, 2)}\n`);
  copyFileSync(path.join(root, "mcp", "bundle", "launch.mjs"), path.join(staging, "server", "launch.mjs"));
  // packExtension validates the manifest against the mcpb schema and fails on any mismatch.
  if (!(await packExtension({ extensionPath: staging, outputPath: output, silent: true })))
    throw new Error("mcpb could not pack the bundle (see above)");
  return output;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const output = await buildBundle(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`MCP bundle written to ${path.relative(process.cwd(), output)}: open it with Claude Desktop to install.`);
}
