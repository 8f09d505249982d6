import { describe, expect, it } from "vitest";
import { insertAt, mergeTag } from "./insert-at-cursor.js";

describe("inserting a merge field at the cursor", () => {
  it("puts the tag at the caret and the caret after it", () => {
    expect(insertAt("Hello !", 6, 6, mergeTag("contact.properties.first_name"))).toEqual({ text: "Hello {{ contact.properties.first_name }}!", caret: 41 });
  });
  it("replaces the selected text", () => {
    expect(insertAt("Hi NAME, welcome", 3, 7, "{{ contact.email }}")).toEqual({ text: "Hi {{ contact.email }}, welcome", caret: 22 });
  });
  it("appends when the caret is past the end (a field never focused)", () => {
    expect(insertAt("Hi", 99, 99, "X")).toEqual({ text: "HiX", caret: 3 });
  });
});
