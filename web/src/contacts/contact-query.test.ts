import { describe, expect, it } from "vitest";
import { INITIAL_QUERY, isFiltered, toggledSort } from "./contact-query.js";
import { contactIdOf } from "./contact-route.js";

describe("the contact list's query", () => {
  it("flips the order of the sorted column, and starts another column in its natural direction", () => {
    expect(toggledSort(INITIAL_QUERY, "createdAt")).toEqual({ sort: "createdAt", order: "asc" });
    expect(toggledSort(INITIAL_QUERY, "email")).toEqual({ sort: "email", order: "asc" });
    expect(toggledSort(INITIAL_QUERY, "score")).toEqual({ sort: "score", order: "desc" });
    expect(toggledSort({ ...INITIAL_QUERY, sort: "score", order: "desc" }, "score")).toEqual({ sort: "score", order: "asc" });
  });

  it("is filtered by a search or any filter, not by its order", () => {
    expect(isFiltered({ ...INITIAL_QUERY, sort: "score" })).toBe(false);
    expect(isFiltered({ ...INITIAL_QUERY, segmentId: "seg_1" })).toBe(true);
    expect(isFiltered({ ...INITIAL_QUERY, q: "ada" })).toBe(true);
  });

  it("reads the contact a hash opens", () => {
    expect(contactIdOf("#/contacts")).toBeNull();
    expect(contactIdOf("#/contacts/")).toBeNull();
    expect(contactIdOf("#/contacts/019b-8d62")).toBe("019b-8d62");
    expect(contactIdOf("#/contacts/a%2Fb")).toBe("a/b");
  });
});
