// normalize(): numbers said in words, and money said the way people say it.
import { describe, expect, it } from "vitest";
import { glueUnits, normalize } from "./text";

describe("money said in words", () => {
  it("reads 'six ninety nine' as 6.99 and 'thirty two fifty' as 32.50", () => {
    expect(normalize("make it six ninety nine")).toBe("make it 6.99");
    expect(normalize("thirty two fifty")).toBe("32.50");
    expect(normalize("one forty nine")).toBe("1.49");
    expect(normalize("nineteen dollars and forty nine cents")).toBe("19.49 dollars");
    expect(normalize("twelve pounds fifty")).toBe("12.50 pounds");
  });

  it("leaves times of day, years, counts and percentages as they were", () => {
    expect(normalize("start it at ten thirty")).toBe("start it at 10 30");
    expect(normalize("seven forty five am")).toBe("7 45 am");
    expect(normalize("sales in march twenty twenty four")).toBe("sales in march 20 24");
    expect(normalize("twenty twenty five")).toBe("20 25");
    expect(normalize("add thirty six units")).toBe("add 36 units");
    expect(normalize("five twenty percent")).toBe("5 20 percent");
  });

  it("keeps the other number words: dozens, bucks, percent", () => {
    expect(normalize("a dozen more")).toBe("12 more");
    expect(normalize("fifteen bucks")).toBe("15 bucks");
    expect(normalize("eleven percent off")).toBe("11 percent off");
  });
});

describe("glueUnits with sizes in words", () => {
  it("writes 'one litre' and 'two kilo' as figures glued to the unit", () => {
    expect(glueUnits("the one litre bottle")).toBe("the 1l bottle");
    expect(glueUnits("a two kilo bag")).toBe("a 2kg bag");
    expect(glueUnits("one of the bottles")).toBe("one of the bottles");
  });
});
