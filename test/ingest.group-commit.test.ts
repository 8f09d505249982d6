import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "../src/core/index.js";
import { createIngestQueue, ingestSegmentMessages, parseSegmentCall, type Ingest } from "../src/ingest/index.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

describe.each(dialects)("ingestion group commit on %s", (dialect) => {
  let t: TestApp;
  let groups: number[];
  let ingest: Ingest;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const track = (userId: string, i: number) =>
    parseSegmentCall("track", { userId, event: "Clicked", messageId: `${userId}-${i}` }, { receivedAt: t.clock.now(), newId: t.deps.ids });
  const identify = (userId: string, seats: unknown) =>
    parseSegmentCall("identify", { userId, traits: { seats } }, { receivedAt: t.clock.now(), newId: t.deps.ids });

  function recordingQueue(): Ingest {
    groups = [];
    return createIngestQueue(t.deps, (workspaceId, messages) => {
      groups.push(messages.length);
      return ingestSegmentMessages(t.deps, workspaceId, messages);
    });
  }

  it("writes calls that arrive together in fewer transactions, and stores every one", async () => {
    ingest = recordingQueue();
    const calls = Array.from({ length: 20 }, (_, i) => ingest(t.workspaceId, track("gc-user", i)));
    const fresh = await Promise.all(calls);
    expect(fresh.every((f) => f.length === 1)).toBe(true);
    expect(groups.length).toBeLessThan(20);
    const stored = await t.deps.db.selectFrom("events").select("message_id").where("kind", "=", "track").where("message_id", "like", "gc-user-%").execute();
    expect(stored).toHaveLength(20);
  });

  it("isolates a bad call: its neighbours in the same transaction are still stored", async () => {
    await ingestSegmentMessages(t.deps, t.workspaceId, identify("gc-typed", 3));
    ingest = recordingQueue();
    const results = await Promise.allSettled([
      ingest(t.workspaceId, track("gc-before", 1)),
      ingest(t.workspaceId, identify("gc-typed", "many")),
      ingest(t.workspaceId, track("gc-after", 1)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const bad = (results[1] as PromiseRejectedResult).reason;
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).problems[0]!.field).toBe("traits.seats");
    expect(groups[0]).toBe(3);
    const kept = await t.deps.db.selectFrom("events").select("message_id").where("message_id", "in", ["gc-before-1", "gc-after-1"]).execute();
    expect(kept).toHaveLength(2);
  });
});
