// get_security_scan: the app's security checks, problems and warnings first.
import type { getSecurityScan } from "../../../security/tools";
import { formatNumber, more, plural, storeText, type Out } from "../format";
import { tool, r, type ToolModule } from "../kit";
import type { Understanding } from "../types";

export const securityScan: ToolModule = {
  name: "get_security_scan",
  rules: [
    r("get_security_scan", 3, /\bsecurity\b/),
    r("get_security_scan", 4, /\bscan\b/),
    r(
      "get_security_scan",
      4,
      /\b(secure|vulnerab\w*|hack(?:ed|ing|s)?|hackers?|breach(?:ed)?|security check|pen ?test)\b/,
    ),
  ],
  build(): Understanding {
    return tool("get_security_scan", {});
  },
  write(d: Out<typeof getSecurityScan>): string[] {
    const problems = d.checks.filter((c) => c.status === "fail" || c.status === "warn");
    return [
      `**Security check: ${d.counts.fail ? `${plural(d.counts.fail, "problem")} to fix` : d.counts.warn ? `${plural(d.counts.warn, "warning")}` : "all clear"}** (${formatNumber(d.counts.pass)} of ${formatNumber(d.checks.length)} checks passed).`,
      ...problems
        .slice(0, 4)
        .map(
          (c) =>
            `- ${c.status === "fail" ? "Problem" : "Warning"}: ${storeText(c.title, 60)}${c.fix ? ` — ${storeText(c.fix, 100)}` : ""}`,
        ),
      ...more(problems.length, 4, "more"),
    ];
  },
};
