// A shop's settings (Shop.settings JSON): what the merchant decides once and agents and tools
// follow — which scheduled agents run, the lowest margin a price may leave, the fraud score at
// which an order is held, the support policy reply drafts quote and the reply times tickets are held
// to (the support-desk agent flags tickets past them). One schema with its defaults;
// a stored value that no longer parses falls back to the default for that field only.
import { z } from "zod";
import type { Db } from "./db/client";

export const SETTINGS_LIMITS = {
  marginFloor: { min: 0, max: 0.9 },
  fraudHoldAt: { min: 1, max: 100 },
  supportPolicy: { max: 4000 },
  /** Hours: a week for a first reply, a month for a resolution at most. */
  supportFirstResponseHours: { min: 1, max: 168 },
  supportResolutionHours: { min: 1, max: 720 },
} as const;

export const settingsSchema = z.object({
  /** Scheduled agents by name: false stops its schedule; absent means on. */
  schedules: z.record(z.string(), z.boolean()).default({}),
  /** Lowest gross margin (price - cost) / price a suggested or proposed price may leave, 0.2 = 20%. */
  marginFloor: z
    .number({ error: "Enter the margin floor as a number." })
    .min(SETTINGS_LIMITS.marginFloor.min, "The margin floor cannot be negative.")
    .max(SETTINGS_LIMITS.marginFloor.max, "The margin floor can be at most 90%.")
    .default(0.2),
  /** Fraud score (0-100) from which an order's recommendation is to hold it. */
  fraudHoldAt: z
    .number({ error: "Enter the hold score as a whole number." })
    .int("Enter the hold score as a whole number.")
    .min(SETTINGS_LIMITS.fraudHoldAt.min, "The hold score must be between 1 and 100.")
    .max(SETTINGS_LIMITS.fraudHoldAt.max, "The hold score must be between 1 and 100.")
    .default(60),
  /** The merchant's support policy (returns, shipping times...) that reply drafts include. */
  supportPolicy: z
    .string()
    .max(
      SETTINGS_LIMITS.supportPolicy.max,
      `Keep the support policy under ${SETTINGS_LIMITS.supportPolicy.max} characters.`,
    )
    .default(""),
  /** Hours within which a new ticket should get its first reply. */
  supportFirstResponseHours: z
    .number({ error: "Enter the first-reply target in whole hours." })
    .int("Enter the first-reply target in whole hours.")
    .min(SETTINGS_LIMITS.supportFirstResponseHours.min, "The first-reply target must be between 1 and 168 hours.")
    .max(SETTINGS_LIMITS.supportFirstResponseHours.max, "The first-reply target must be between 1 and 168 hours.")
    .default(24),
  /** Hours within which a ticket should be solved. */
  supportResolutionHours: z
    .number({ error: "Enter the resolution target in whole hours." })
    .int("Enter the resolution target in whole hours.")
    .min(SETTINGS_LIMITS.supportResolutionHours.min, "The resolution target must be between 1 and 720 hours.")
    .max(SETTINGS_LIMITS.supportResolutionHours.max, "The resolution target must be between 1 and 720 hours.")
    .default(72),
});

export type ShopSettings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: ShopSettings = settingsSchema.parse({});

/** The stored settings with defaults; a field stored in a shape that no longer parses reads as its default. */
export function parseSettings(stored: unknown): ShopSettings {
  const raw = stored && typeof stored === "object" ? (stored as Record<string, unknown>) : {};
  const settings: Record<string, unknown> = {};
  for (const key of Object.keys(settingsSchema.shape) as (keyof ShopSettings)[]) {
    const field = settingsSchema.shape[key].safeParse(raw[key]);
    settings[key] = field.success ? field.data : DEFAULT_SETTINGS[key];
  }
  return settings as ShopSettings;
}

export async function readSettings(db: Db, shop: string): Promise<ShopSettings> {
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { settings: true } });
  return parseSettings(row?.settings);
}

export type SettingsResult = { ok: true; settings: ShopSettings } | { ok: false; errors: Record<string, string> };

/**
 * Validates a change and saves it merged over the current settings; on any invalid field nothing
 * is saved and each field's message is returned (keyed by field, e.g. "marginFloor").
 */
export async function saveSettings(db: Db, shop: string, change: Partial<ShopSettings>): Promise<SettingsResult> {
  const current = await readSettings(db, shop);
  const parsed = settingsSchema.safeParse({ ...current, ...change });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join(".") || "settings";
      errors[key] ??= issue.message;
    }
    return { ok: false, errors };
  }
  // Keep keys other parts of the app stored in the same JSON.
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { settings: true } });
  const others = row?.settings && typeof row.settings === "object" ? (row.settings as object) : {};
  await db.shop.update({ where: { domain: shop }, data: { settings: { ...others, ...parsed.data } } });
  return { ok: true, settings: parsed.data };
}

/** Whether a scheduled agent runs on its schedule for this shop (on unless the merchant turned it off). */
export const scheduleEnabled = (settings: ShopSettings, agent: string) => settings.schedules[agent] !== false;
