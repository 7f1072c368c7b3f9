import { describe, expect, it } from "vitest";
import { splitEmailList } from "./email-list";

describe("splitEmailList", () => {
  it("splits on commas, semicolons, spaces and new lines", () => {
    expect(splitEmailList("a@x.org, b@x.org;c@x.org\nd@x.org  e@x.org\r\n")).toEqual(["a@x.org", "b@x.org", "c@x.org", "d@x.org", "e@x.org"]);
  });

  it("reduces the forms mail programs copy to their address", () => {
    expect(splitEmailList('Dana Scully <dana@x.org>, "Mulder, Fox" <fox@x.org>\nWalter <walter@x.org> extra@x.org')).toEqual([
      "dana@x.org",
      "fox@x.org",
      "walter@x.org",
      "extra@x.org",
    ]);
  });

  it("keeps each address once whatever its case, and keeps entries that are not emails for the caller to report", () => {
    expect(splitEmailList("A@x.org a@x.org not-an-email, <>")).toEqual(["A@x.org", "not-an-email"]);
  });

  it("gives nothing for blank text", () => {
    expect(splitEmailList(" \n , ; ")).toEqual([]);
  });
});
