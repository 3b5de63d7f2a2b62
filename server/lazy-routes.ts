// Routes whose code is loaded on the first request they may answer, not at start: a web process
// that never serves them keeps their modules (and what those import) out of memory.
import type { NextFunction, Request, RequestHandler, Response } from "express";

/**
 * A handler that builds `load()`'s handler on the first request whose path `answers` accepts
 * (concurrent first requests wait for the same load) and passes every other request straight on.
 * A failed load goes to Express's error handling and is tried again on the next request.
 */
export function lazyRoutes(answers: (path: string) => boolean, load: () => Promise<RequestHandler>): RequestHandler {
  let loading: Promise<RequestHandler> | null = null;
  return (req: Request, res: Response, next: NextFunction) => {
    if (!answers(req.path)) return next();
    loading ??= load();
    loading.then(
      (handler) => handler(req, res, next),
      (error: unknown) => {
        loading = null;
        next(error);
      },
    );
  };
}
