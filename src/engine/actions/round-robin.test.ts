import { describe, expect, it } from "vitest";
import { pickRoundRobin } from "./round-robin.js";

describe("round-robin picks", () => {
  const team = ["ann", "bob", "cat"];

  it("takes turns in team order, round after round", () => {
    const all = new Set(team);
    expect([1, 2, 3, 4, 5, 6].map((turn) => pickRoundRobin(team, all, turn)?.userId)).toEqual(["ann", "bob", "cat", "ann", "bob", "cat"]);
    expect(pickRoundRobin(team, all, 5)).toEqual({ userId: "bob", place: 2, available: 3, skipped: [] });
  });

  it("skips users that no longer exist and spreads evenly over the others", () => {
    const left = new Set(["ann", "cat"]);
    expect([1, 2, 3, 4].map((turn) => pickRoundRobin(team, left, turn)?.userId)).toEqual(["ann", "cat", "ann", "cat"]);
    expect(pickRoundRobin(team, left, 2)).toEqual({ userId: "cat", place: 2, available: 2, skipped: ["bob"] });
  });

  it("gives a user listed twice two turns per round", () => {
    expect([1, 2, 3].map((turn) => pickRoundRobin(["ann", "ann", "bob"], new Set(["ann", "bob"]), turn)?.userId)).toEqual(["ann", "ann", "bob"]);
  });

  it("finds nobody when every member is gone", () => {
    expect(pickRoundRobin(team, new Set(), 1)).toBeUndefined();
  });
});
