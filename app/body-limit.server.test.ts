import { describe, expect, it } from "vitest";
import { BodyTooLarge, isBodyTooLarge, limitBody } from "./body-limit.server";

const post = (body: string, headers: Record<string, string> = {}) =>
  new Request("https://app.example.com/x", { method: "POST", body, headers });

describe("limitBody", () => {
  it("refuses a declared Content-Length over the cap without reading the body", async () => {
    const refused = limitBody(post("12345678901", { "Content-Length": "11" }), 10);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(413);
  });

  it("passes a body within the cap through unchanged", async () => {
    const limited = limitBody(post('{"a":1}'), 10) as Request;
    expect(await limited.json()).toEqual({ a: 1 });
  });

  it("errors once more than the cap arrives, with an error the caller can recognise", async () => {
    const limited = limitBody(post("x".repeat(11)), 10) as Request;
    const error = await limited.text().catch((e: unknown) => e);
    expect(isBodyTooLarge(error)).toBe(true);
    expect(isBodyTooLarge(new Error("other", { cause: new BodyTooLarge(1) }))).toBe(true);
    expect(isBodyTooLarge(new Error("other"))).toBe(false);
  });
});
