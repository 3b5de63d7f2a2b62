// The storage half of an OAuth client for tests: the MCP SDK's client (auth(), and
// StreamableHTTPClientTransport's authProvider) runs the protocol itself (discovery, dynamic
// registration, PKCE, resource indicators, code exchange, refresh); this keeps what it saves in
// memory and records every step it takes, so tests can show the flow as the client saw it.
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";

export class MemoryOAuthClient implements OAuthClientProvider {
  info?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier = "";
  /** Where the SDK sent the user's browser last (our /authorize with its query). */
  authorizationUrl?: URL;
  /** Every HTTP request the SDK made, in order ("GET /.well-known/...", "POST /token", ...). */
  readonly steps: string[] = [];

  constructor(
    readonly redirectUrl: string,
    private readonly metadata: Partial<OAuthClientMetadata> = {},
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "SDK test client",
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      ...this.metadata,
    };
  }
  state() {
    return "state-123";
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }

  /** A fetch that records each request's method, path and answer status. */
  readonly fetch: FetchLike = async (url, init) => {
    const response = await fetch(url, init);
    const u = new URL(String(url));
    this.steps.push(`${init?.method ?? "GET"} ${u.pathname} -> ${response.status}`);
    return response;
  };
}
