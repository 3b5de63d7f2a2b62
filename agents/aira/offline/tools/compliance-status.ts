// get_compliance_status: privacy compliance (privacy requests, data retention, app permissions).
import type { getComplianceStatus } from "../../../security/tools";
import { storeText, type Out } from "../format";
import { tool, r, type ToolModule } from "../kit";
import type { Understanding } from "../types";

export const complianceStatus: ToolModule = {
  name: "get_compliance_status",
  rules: [
    r(
      "get_compliance_status",
      6,
      /\b(?:customer |personal |shoppers'? )?data\b[^.]{0,30}\b(?:do (?:we|you)|does (?:the app|it)) (?:keep|store|hold|retain)\b|\bhow long\b[^.]{0,30}\b(?:keep|kept|store|stored|retain|retained|hold)\b[^.]{0,20}\b(?:data|customers?)\b|\b(complian\w*|gdpr|ccpa|privacy (?:law|requests?|rules|status|webhooks?)|(?:mandatory|gdpr|compliance) webhooks?|(?:customer )?data (?:erasure|deletion) requests?|data protection|data requests?|data retention|retention polic(?:y|ies)|redact\w*)\b/,
    ),
  ],
  build(): Understanding {
    return tool("get_compliance_status", {});
  },
  write(d: Out<typeof getComplianceStatus>): string[] {
    const verdict = {
      pass: "in order",
      warn: "needs attention",
      fail: "has problems",
      not_applicable: "not checked here",
    };
    const findings = d.dataRetention.findings.filter((x) => x.status === "fail" || x.status === "warn");
    return [
      `**Privacy compliance ${verdict[d.status]}.**`,
      `- Customer privacy requests (data requests and erasure): ${verdict[d.privacyWebhooks.status]}`,
      `- How long customer data is kept: ${verdict[d.dataRetention.status]}`,
      `- App permissions: ${verdict[d.scopes.status]}`,
      ...findings.slice(0, 2).map((x) => `- ${storeText(x.finding, 100)} — ${storeText(x.fix, 80)}`),
    ];
  },
};
