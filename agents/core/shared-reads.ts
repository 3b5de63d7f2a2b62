// Read tools' answers shared while the database is unchanged (ADR 0050). A tool that declares
// `sharedUntil` (its answer depends only on the shop's data, its input and the clock) is computed
// once per database version (agents/db/data-version.ts) and input, through the same memo as the
// pages' loaders (agents/db/version-memo.ts, ADR 0039): any commit, in any process, moves the
// version, so the next call computes again and no answer is older than the last commit before it.
// Failures are never reused.
import { VersionMemo } from "../db/version-memo";
import type { ToolContext } from "./context";
import type { ToolResult } from "./result";
import type { AnyTool } from "./tool";

declare global {
  var __royalEquipsSharedReads: VersionMemo | undefined;
}

/** The process's memo of tool answers, apart from the pages' (its own bound: a page is never evicted by tool calls). */
export const sharedReads = (globalThis.__royalEquipsSharedReads ??= new VersionMemo(1_000));

// Keys name the tool's definition, not only its name: two registries may hold different tools of one name (tests).
const toolIds = new WeakMap<AnyTool, number>();
let lastToolId = 0;
function toolId(tool: AnyTool): number {
  let id = toolIds.get(tool);
  if (id === undefined) toolIds.set(tool, (id = ++lastToolId));
  return id;
}

/** `compute`'s answer, or the one computed at the same database version for the same shop and input. */
export function sharedAnswer(
  ctx: ToolContext,
  tool: AnyTool,
  input: unknown,
  compute: () => Promise<ToolResult<unknown>>,
): Promise<ToolResult<unknown>> {
  const now = ctx.now();
  const key = JSON.stringify([tool.name, toolId(tool), ctx.shop, input]);
  return sharedReads.read(ctx.db, key, now.getTime(), async () => {
    const result = await compute();
    return { data: result, validUntil: result.ok ? tool.sharedUntil!(result.data, now) : -Infinity };
  });
}
