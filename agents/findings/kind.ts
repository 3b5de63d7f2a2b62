// A finding kind's data shape, defined beside its capability (e.g. agents/inventory/findings.ts):
// an agent builds its items through the kind, so every recorded `data` has been validated against
// the kind's zod schema (a mismatch is our bug and throws before anything is written).
import type { z } from "zod";
import type { AgentJobContext } from "../runtime/agents";
import { recordFindings, type FindingKind, type FoundItem, type RecordOutcome } from "./store";

export interface FindingKindDefinition<S extends z.ZodType> {
  kind: FindingKind;
  data: S;
  item(subject: string, title: string, data: z.input<S>, score: number): FoundItem;
}

export function findingKind<S extends z.ZodType>(kind: FindingKind, data: S): FindingKindDefinition<S> {
  return {
    kind,
    data,
    item(subject, title, figures, score) {
      const parsed = data.safeParse(figures);
      if (!parsed.success)
        throw new Error(`Finding ${kind} ${subject} does not match its data shape: ${parsed.error.message}`);
      return { kind, subject, title, data: parsed.data as Record<string, unknown>, score };
    },
  };
}

/** Records what one run of an agent found (every kind in `kinds` is covered; see recordFindings). */
export function recordRunFindings(
  ctx: Pick<AgentJobContext, "db" | "shop" | "runId" | "now">,
  agent: string,
  kinds: readonly FindingKindDefinition<z.ZodType>[],
  items: FoundItem[],
): Promise<RecordOutcome> {
  return recordFindings(
    ctx.db,
    { shop: ctx.shop, agent, runId: ctx.runId, kinds: kinds.map((k) => k.kind), now: ctx.now() },
    items,
  );
}
