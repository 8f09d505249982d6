import { ConflictError, ValidationError } from "../../core/index.js";
import type { Deps } from "../../deps.js";
import { ingestSegmentMessages } from "./ingest.js";
import type { SegmentMessage } from "./message.js";

/** Stores a call's messages; resolves with those that were new once they are committed. */
export type Ingest = (workspaceId: string, messages: SegmentMessage[]) => Promise<SegmentMessage[]>;

interface Call {
  workspaceId: string;
  messages: SegmentMessage[];
  resolve(fresh: SegmentMessage[]): void;
  reject(err: unknown): void;
}

/** Messages one combined transaction takes at most. */
const MAX_GROUP_MESSAGES = 5000;

/**
 * Group commit: calls that arrive while a transaction is being written wait and are then written
 * together in one, so under load the cost of a commit is shared by many calls instead of paid
 * by each. A call is answered only once its transaction has committed. When a combined
 * transaction fails on one call's input (a bad trait, a conflicting email), each of its calls is
 * written alone, so one bad call never fails another. `store` writes one group (tests observe it).
 */
export function createIngestQueue(deps: Deps, store: Ingest = (workspaceId, messages) => ingestSegmentMessages(deps, workspaceId, messages)): Ingest {
  const queue: Call[] = [];
  let writers = 0;

  async function drain(): Promise<void> {
    writers += 1;
    try {
      // One turn of the event loop first: a synchronous driver (better-sqlite3) would otherwise
      // finish each transaction before the requests already received are even read.
      for (let group = await next(); group.length; group = await next()) await write(group);
    } finally {
      writers -= 1;
    }
  }

  async function next(): Promise<Call[]> {
    await new Promise((resolve) => setImmediate(resolve));
    return take();
  }

  /** The oldest waiting call and those after it of the same workspace, up to the size cap. */
  function take(): Call[] {
    const first = queue[0];
    if (!first) return [];
    const group: Call[] = [];
    let size = 0;
    for (let i = 0; i < queue.length && size < MAX_GROUP_MESSAGES; ) {
      const call = queue[i]!;
      if (call.workspaceId !== first.workspaceId || (group.length && size + call.messages.length > MAX_GROUP_MESSAGES)) {
        i++;
        continue;
      }
      group.push(call);
      size += call.messages.length;
      queue.splice(i, 1);
    }
    return group;
  }

  async function write(group: Call[]): Promise<void> {
    try {
      const fresh = new Set(await store(group[0]!.workspaceId, group.flatMap((c) => c.messages)));
      for (const call of group) call.resolve(call.messages.filter((m) => fresh.has(m)));
    } catch (err) {
      const oneCallsFault = err instanceof ValidationError || err instanceof ConflictError;
      if (group.length === 1 || !oneCallsFault) {
        for (const call of group) call.reject(err);
        return;
      }
      for (const call of group) await write([call]);
    }
  }

  return (workspaceId, messages) =>
    new Promise((resolve, reject) => {
      queue.push({ workspaceId, messages, resolve, reject });
      if (writers < deps.dialect.maxConcurrentWrites) void drain();
    });
}
