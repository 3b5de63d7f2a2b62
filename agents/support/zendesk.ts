// External helpdesks behind one interface. Zendesk needs a subdomain, an agent email and an API
// token; without them it answers "not_configured" and sends nothing (no invented tickets).
export interface HelpdeskConnector {
  name: string;
  envVars: string[];
  isConfigured(): boolean;
  importTickets(since: Date): Promise<
    | {
        ok: true;
        tickets: { externalId: string; subject: string; body: string; email: string | null; createdAt: string }[];
      }
    | { ok: false; reason: "not_configured" | "not_implemented"; message: string }
  >;
}

export class ZendeskConnector implements HelpdeskConnector {
  readonly name = "Zendesk";
  readonly envVars = ["ZENDESK_SUBDOMAIN", "ZENDESK_EMAIL", "ZENDESK_API_TOKEN"];
  constructor(private readonly env: Record<string, string | undefined> = process.env) {}

  isConfigured() {
    return this.envVars.every((key) => Boolean(this.env[key]));
  }

  async importTickets() {
    if (!this.isConfigured()) {
      return {
        ok: false as const,
        reason: "not_configured" as const,
        message: `Zendesk is not configured: set ${this.envVars.join(", ")}.`,
      };
    }
    // The import needs Zendesk's incremental export API, which cannot be reached or tested here.
    return {
      ok: false as const,
      reason: "not_implemented" as const,
      message: "Importing from Zendesk is not implemented yet; tickets are created in Royal Equips.",
    };
  }
}
