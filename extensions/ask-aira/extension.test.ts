// The "Ask AIRA" extension's configuration as `shopify app dev` reads it, and the link it opens
// checked against the AIRA page's own parser.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { parseContextParam } from "../../app/components/aira/context";
import { airaUrl, resourceOf, TARGET_RESOURCES } from "./src/aira-url";

const here = path.dirname(fileURLToPath(import.meta.url));

interface ExtensionConfig {
  name: string;
  handle: string;
  type: string;
  targeting: { target: string; module: string }[];
}

const config = parse(readFileSync(path.join(here, "shopify.extension.toml"), "utf8")) as {
  api_version?: string;
  extensions?: ExtensionConfig[];
};

describe("shopify.extension.toml", () => {
  it("declares one admin action per page, on product and order details", () => {
    expect(config.api_version).toMatch(/^\d{4}-(01|04|07|10)$/);
    const extensions = config.extensions ?? [];
    expect(extensions.map((e) => e.targeting.map((t) => t.target))).toEqual([
      ["admin.product-details.action.render"],
      ["admin.order-details.action.render"],
    ]);
    for (const extension of extensions) {
      expect(extension.type).toBe("ui_extension");
      expect(extension.name).toBe("Ask AIRA");
      // Shopify's rule for handles: lowercase letters, digits and hyphens, at most 30 characters.
      expect(extension.handle).toMatch(/^[a-z0-9][a-z0-9-]{0,29}$/);
    }
    expect(new Set(extensions.map((e) => e.handle)).size).toBe(extensions.length);
  });

  it("points every target at a module that exists and renders the admin action", () => {
    for (const { targeting } of config.extensions ?? []) {
      for (const { module, target } of targeting) {
        const file = path.join(here, module);
        expect(existsSync(file), `${module} for ${target}`).toBe(true);
        const source = readFileSync(file, "utf8");
        expect(source).toMatch(/export default/);
        expect(source).toContain("<s-admin-action");
        expect(TARGET_RESOURCES[target]).toBeDefined();
        for (const [, relative] of source.matchAll(/from "(\.[^"]+)"/g)) {
          expect(
            [".ts", ".tsx", ".js", ".jsx", ""].some((ext) => existsSync(path.join(path.dirname(file), relative + ext))),
            `import ${relative}`,
          ).toBe(true);
        }
      }
    }
  });

  it("lists the packages the module imports", () => {
    const pkg = JSON.parse(readFileSync(path.join(here, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const source = readFileSync(path.join(here, "src/ActionExtension.jsx"), "utf8");
    const packages = [...source.matchAll(/from "([^."][^"]*)"|import "([^."][^"]*)"/g)].map((m) =>
      (m[1] ?? m[2])
        .split("/")
        .slice(0, (m[1] ?? m[2]).startsWith("@") ? 2 : 1)
        .join("/"),
    );
    for (const name of new Set(packages)) expect(pkg.dependencies[name], name).toBeDefined();
  });
});

describe("the link to AIRA", () => {
  it("opens /app/aira with the product or order as a context the page understands", () => {
    for (const [target, type] of Object.entries(TARGET_RESOURCES)) {
      const id = `gid://shopify/${type === "product" ? "Product" : "Order"}/42`;
      const resource = resourceOf(target, id);
      expect(resource).toEqual({ type, id });
      const url = airaUrl({ ...resource!, label: "Blue Tee & co", question: "Will it run out?" });
      expect(url.startsWith("app://app/aira?")).toBe(true);
      const params = new URLSearchParams(url.slice(url.indexOf("?") + 1));
      expect(parseContextParam(params.get("context"), params.get("label"))).toEqual({
        ok: true,
        context: { type, id, label: "Blue Tee & co" },
      });
      expect(params.get("q")).toBe("Will it run out?");
    }
  });

  it("refuses ids that do not belong to the page's resource", () => {
    expect(resourceOf("admin.product-details.action.render", "gid://shopify/Order/1")).toBeNull();
    expect(resourceOf("admin.customer-details.action.render", "gid://shopify/Customer/1")).toBeNull();
    expect(resourceOf("admin.order-details.action.render", undefined)).toBeNull();
    expect(airaUrl({ type: "order", id: "gid://shopify/Order/1", label: " ", question: "" })).toBe(
      "app://app/aira?context=order%3Agid%3A%2F%2Fshopify%2FOrder%2F1",
    );
  });
});
