// The Claude Desktop bundle's entry point (npm run mcp:bundle; ADR 0022). The bundle carries no copy
// of the app: it starts the stdio MCP server (mcp/stdio.ts) of the Royal Equips folder the merchant
// picked at install, with that folder's own Node, packages and database, and passes the access
// token through. stdin/stdout are the MCP stream, so they are handed to the server untouched.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const appDir = process.env.ROYAL_APP_DIR?.trim();
if (!appDir || !existsSync(path.join(appDir, "mcp", "stdio.ts"))) {
  console.error(
    `Royal Equips: "${appDir ?? ""}" is not the Royal Equips folder (no mcp/stdio.ts in it). Pick the folder of your Royal Equips checkout in the extension's settings.`,
  );
  process.exit(2);
}
// The app's own Node (the version it is built for, ADR 0001) when installed; else the one running this.
const appNode = path.join(appDir, "node_modules", ".bin", process.platform === "win32" ? "node.cmd" : "node");
const node = existsSync(appNode) ? appNode : process.execPath;
const server = spawn(node, ["--env-file-if-exists=.env", "--import", "tsx", "mcp/stdio.ts"], {
  cwd: appDir,
  env: process.env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
server.on("error", (error) => {
  console.error(`Royal Equips: could not start the MCP server: ${error.message}`);
  process.exit(1);
});
