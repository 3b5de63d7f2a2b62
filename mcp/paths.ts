// The paths the MCP endpoint answers (/mcp and its OAuth endpoints) and the hostnames it serves,
// apart from the endpoint itself: the web process mounts the endpoint on the first request to one
// of these paths (server/index.ts), so the MCP SDK, the tool registry and the offline assistant
// stay unloaded in a process no MCP client has asked yet.
import { allowedHostnames } from "./auth";

export const MCP_PATH = "/mcp";

/** The OAuth authorization server's endpoints (mcp/oauth.ts); a trailing "-" matches as a prefix. */
export const OAUTH_PATHS = ["/authorize", "/token", "/register", "/revoke", "/.well-known/oauth-"];

export const isOAuthPath = (path: string) =>
  OAUTH_PATHS.some((p) => path === p || (p.endsWith("-") && path.startsWith(p)));

/** Whether the MCP router (mcp/http.ts) may answer this request path. */
export const isMcpPath = (path: string) => path === MCP_PATH || isOAuthPath(path);

/** The hostnames the app answers to: loopback, the app URL's host, and HOST when it names one. */
export const appHostnames = (config: { HOST: string; SHOPIFY_APP_URL?: string }) =>
  allowedHostnames(config.SHOPIFY_APP_URL, ["0.0.0.0", "::", "127.0.0.1"].includes(config.HOST) ? [] : [config.HOST]);
