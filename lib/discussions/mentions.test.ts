import { describe, expect, it } from "vitest";
import { mentionHandles, mentionQueryAt, resolveMentions } from "./mentions";

const alice = { id: "a", name: "Alice Martin", email: "alice@example.com" };
const bob = { id: "b", name: "Bob", email: "bob@example.com" };
const samOne = { id: "s1", name: "Sam", email: "sam.one@example.com" };
const samTwo = { id: "s2", name: "Sam", email: "sam.two@example.com" };

describe("mentionHandles", () => {
  it("finds names and emails, lower-cased, once each, without a sentence's final period", () => {
    expect(mentionHandles("Thanks @Alice, ask @bob@example.com. And @alice again.")).toEqual(["alice", "bob@example.com"]);
  });

  it("ignores an email written plainly and an @ inside code", () => {
    expect(mentionHandles("write to bob@example.com; `@carol` and\n```\n@dan\n```\n")).toEqual([]);
  });
});

describe("resolveMentions", () => {
  it("resolves a member by email, by the part before the @, or by their name without spaces", () => {
    expect(resolveMentions("@AliceMartin @bob and @bob@example.com", [alice, bob]).map((member) => member.id)).toEqual(["a", "b"]);
  });

  it("resolves nobody for a handle two members answer to, or a handle no member has", () => {
    expect(resolveMentions("@sam @zoe", [samOne, samTwo])).toEqual([]);
    expect(resolveMentions("@sam.two@example.com", [samOne, samTwo]).map((member) => member.id)).toEqual(["s2"]);
  });
});

describe("mentionQueryAt", () => {
  it("gives the partial handle right before the caret, and null elsewhere", () => {
    expect(mentionQueryAt("hi @Ali", 7)).toEqual({ query: "ali", start: 3 });
    expect(mentionQueryAt("hi @Ali there", 13)).toBeNull();
    expect(mentionQueryAt("mail bob@ex", 11)).toBeNull();
  });
});
