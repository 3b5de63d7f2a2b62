import { describe, expect, it } from "vitest";
import { searchTerm, searchValue } from "./search";

describe("search values", () => {
  it("quote the value and escape its backslashes and quotes", () => {
    expect(searchValue("#1001")).toBe('"#1001"');
    expect(searchValue('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(searchTerm("name", "#1001 OR status:any")).toBe('name:"#1001 OR status:any"');
  });
});
