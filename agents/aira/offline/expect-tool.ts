// Test support for the offline model's tests: a reading that must be a call of `tool`, with an input
// its registered schema accepts. Returns the input, for the test's own expectations.
import { expect } from "vitest";
import { inputSchema } from "../eval/score";
import type { Understanding } from "./types";

export function expectTool(result: Understanding, tool: string): Record<string, unknown> {
  expect(result.kind, JSON.stringify(result)).toBe("tool");
  if (result.kind !== "tool") throw new Error("not a tool call");
  expect(result.tool).toBe(tool);
  const parsed = inputSchema(tool)!.safeParse(result.input);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  return result.input;
}
