// lazyRoutes over a real Express app and HTTP: nothing is loaded until a request it answers, the
// load happens once for concurrent first requests, other paths pass on, a failed load is retried.
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { lazyRoutes } from "./lazy-routes";

const servers: { close(): void }[] = [];
afterEach(() => servers.splice(0).forEach((server) => server.close()));

async function serve(load: () => Promise<express.RequestHandler>) {
  const app = express();
  app.use(lazyRoutes((path) => path === "/lazy" || path.startsWith("/lazy/"), load));
  app.use((_req, res) => res.status(404).send("fallthrough"));
  app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) =>
    res.status(500).send(error.message),
  );
  const server = app.listen(0, "127.0.0.1");
  servers.push(server);
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return async (path: string) => {
    const response = await fetch(base + path);
    return `${response.status} ${await response.text()}`;
  };
}

const router = () => {
  const routes = express.Router();
  routes.get("/lazy", (_req, res) => res.send("loaded"));
  routes.get("/lazy/deeper", (_req, res) => res.send("deeper"));
  return routes;
};

describe("lazyRoutes", () => {
  it("loads on the first request it answers, once, and passes other paths on without loading", async () => {
    let loads = 0;
    const get = await serve(async () => {
      loads++;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return router();
    });
    expect(await get("/elsewhere")).toBe("404 fallthrough");
    expect(loads).toBe(0);
    expect(await Promise.all([get("/lazy"), get("/lazy/deeper"), get("/lazy")])).toEqual([
      "200 loaded",
      "200 deeper",
      "200 loaded",
    ]);
    expect(loads).toBe(1);
    // A path it accepts but the loaded router does not serve falls through to what follows.
    expect(await get("/lazy/missing")).toBe("404 fallthrough");
    expect(loads).toBe(1);
  });

  it("a failed load answers through the error handler and is tried again on the next request", async () => {
    let loads = 0;
    const get = await serve(async () => {
      if (++loads === 1) throw new Error("module failed to load");
      return router();
    });
    expect(await get("/lazy")).toBe("500 module failed to load");
    expect(await get("/lazy")).toBe("200 loaded");
    expect(loads).toBe(2);
  });
});
