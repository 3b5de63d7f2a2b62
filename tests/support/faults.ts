// A faulty network in front of the Admin API emulator: an HTTP proxy that forwards requests and
// injects the failures a real shop's connection has (503s, 429 with Retry-After, connection resets,
// lost responses: the request reaches the store and is applied, but its answer never arrives).
// This is the network boundary; our own modules are never stubbed.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  /** Answer 503 without forwarding (the store never saw the request). */
  | { kind: "503"; retryAfterSeconds?: number }
  /** Answer 429 without forwarding, with Retry-After. */
  | { kind: "429"; retryAfterSeconds?: number }
  /** Close the connection without an answer, without forwarding. */
  | { kind: "reset" }
  /** Forward (the store applies it), then answer 503: the response is lost. */
  | { kind: "lost-503" }
  /** Forward (the store applies it), then close the connection: the response is lost. */
  | { kind: "lost-reset" }
  /** Forward, then never answer (until the proxy closes): a hung upstream or a process killed mid-call. */
  | { kind: "hang-after-forward" };

export interface FaultRule {
  /** Which requests the fault hits: by the request body, the GraphQL document and its variables as sent (e.g. /discountCodeBasicCreate/). */
  match?: RegExp;
  fault: Fault;
  /** How many matching requests it hits (default 1); Infinity for a storm. */
  times?: number;
}

export interface FaultyProxy {
  /** The proxy's base URL: give it to the Admin client as its endpoint. */
  url: string;
  /** Adds rules; each request takes the first matching rule with hits left. */
  inject(...rules: FaultRule[]): void;
  clear(): void;
  /** Requests seen since the last clear(), with the fault applied to each (null: forwarded and answered). */
  log: { query: string; fault: Fault["kind"] | null; at: number }[];
  /** Resolves when a request matching `match` has been forwarded to the store (for killing a caller mid-call). */
  forwarded(match: RegExp): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultyProxy(upstream: string): Promise<FaultyProxy> {
  const target = new URL(upstream);
  let rules: (FaultRule & { left: number })[] = [];
  const log: FaultyProxy["log"] = [];
  const waiters: { match: RegExp; resolve: () => void }[] = [];
  const hung = new Set<ServerResponse>();

  const forward = (
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const out = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host, "content-length": String(body.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers[k] = v;
            resolve({ status: res.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
          });
          res.on("error", reject);
        },
      );
      out.on("error", reject);
      out.end(body);
      for (const waiter of waiters.filter((w) => w.match.test(body.toString("utf8")))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        // Resolved once the store has answered (the change is made), below.
        out.once("response", () => setImmediate(waiter.resolve));
      }
    });

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    let query = "";
    try {
      query = String((JSON.parse(body.toString("utf8")) as { query?: unknown }).query ?? "");
    } catch {
      query = "";
    }
    const text = body.toString("utf8");
    const rule = rules.find((r) => r.left > 0 && (!r.match || r.match.test(text)));
    if (rule) rule.left--;
    const fault = rule?.fault ?? null;
    log.push({ query, fault: fault?.kind ?? null, at: Date.now() });
    if (fault?.kind === "503" || fault?.kind === "429") {
      const headers: Record<string, string> = { "Content-Type": "text/plain" };
      if (fault.retryAfterSeconds !== undefined) headers["Retry-After"] = String(fault.retryAfterSeconds);
      res.writeHead(Number(fault.kind), headers);
      res.end(fault.kind === "503" ? "Service Unavailable" : "Too Many Requests");
      return;
    }
    if (fault?.kind === "reset") {
      req.socket.destroy();
      return;
    }
    let answer: Awaited<ReturnType<typeof forward>>;
    try {
      answer = await forward(req, body);
    } catch (error) {
      res.writeHead(502, { "Content-Type": "text/plain" });
      res.end(`proxy: upstream failed: ${(error as Error).message}`);
      return;
    }
    if (fault?.kind === "lost-503") {
      res.writeHead(503, { "Content-Type": "text/plain" });
      res.end("Service Unavailable");
      return;
    }
    if (fault?.kind === "lost-reset") {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "hang-after-forward") {
      hung.add(res);
      return;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    log,
    inject: (...added) => {
      rules.push(...added.map((rule) => ({ ...rule, left: rule.times ?? 1 })));
    },
    clear: () => {
      rules = [];
      log.length = 0;
    },
    forwarded: (match) => new Promise<void>((resolve) => waiters.push({ match, resolve })),
    close: async () => {
      for (const res of hung) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
