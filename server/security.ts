// Browser-facing protections of the web app (docs/decisions/0018-bounded-input-and-local-hardening.md).
//
// Every response: nosniff and a referrer policy. Local mode has no sign-in (ADR 0005): anything a
// browser on the developer's machine can be made to send is acted on. So in local mode:
// - Host allow-list: a DNS-rebinding page (attacker.example resolving to 127.0.0.1) sends its own
//   Host, and is refused before any route reads data for it;
// - CSRF: a state-changing request (not GET/HEAD/OPTIONS) that a browser marks as cross-site
//   (Sec-Fetch-Site) or that carries an Origin other than the Host it was sent to is refused.
//   Browsers send these headers on every cross-origin POST and cannot be made to forge them;
//   clients without them (curl, the local store's webhooks, tests) are not browsers and carry no
//   ambient credentials to abuse;
// - the app may not be framed (frame-ancestors 'none'): outside Shopify's admin there is no
//   parent that should frame it, and a framing page could click Approve. Embedded, Shopify's
//   library sets frame-ancestors to the shop's admin per document instead.
import type { RequestHandler } from "express";
import { checkHostAndOrigin } from "../mcp/auth";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Headers on every response of the app, in both modes. */
export const commonSecurityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  next();
};

/** Why a request may not be served in local mode, or null. `host`, `origin`, `fetchSite` are raw header values. */
export function localModeRefusal(
  request: { method: string; host?: string; origin?: string; fetchSite?: string },
  allowedHosts: string[],
): string | null {
  // The Host check alone: an Origin is judged below against the request's own Host.
  const host = checkHostAndOrigin({ host: request.host }, allowedHosts);
  if (host) return host;
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const site = request.fetchSite?.toLowerCase();
  if (site && site !== "same-origin" && site !== "none")
    return `A ${site} page may not change anything here (cross-site request refused).`;
  if (request.origin !== undefined && request.origin !== "") {
    let originHost: string;
    try {
      originHost = new URL(request.origin).host.toLowerCase();
    } catch {
      return `Origin "${request.origin}" may not change anything here (cross-site request refused).`;
    }
    if (originHost !== request.host!.toLowerCase())
      return `Origin "${request.origin}" may not change anything here (cross-site request refused).`;
  }
  return null;
}

/** Local mode's guard: Host allow-list, CSRF check and no framing (see the top of this file). */
export function localModeGuard(allowedHosts: string[]): RequestHandler {
  return (req, res, next) => {
    res.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
    res.setHeader("X-Frame-Options", "DENY");
    const refused = localModeRefusal(
      {
        method: req.method,
        host: req.headers.host,
        origin: req.headers.origin,
        fetchSite: req.headers["sec-fetch-site"] as string | undefined,
      },
      allowedHosts,
    );
    if (!refused) return next();
    req.log?.warn({ host: req.headers.host, origin: req.headers.origin }, "local mode refused a request");
    res.status(403).type("text/plain").send(refused);
  };
}
