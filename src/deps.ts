import type { Clock, IdGenerator, Logger } from "./core/index.js";
import type { Config } from "./config.js";
import type { Db, Dialect, NewEventRow } from "./store/index.js";
import type { PropertyType } from "./contacts/property-types.js";
import type { ContactSession } from "./contacts/session.js";

/** Everything that does I/O gets this first: built once in `main`, never imported as a global. */
export interface Deps {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  config: Config;
  /** Property types per workspace. Types never change once recorded, so a process may keep them. */
  propertyTypes: Map<string, Map<string, PropertyType>>;
  /**
   * Called with the events a unit of work stores, inside its transaction, so that what they cause
   * (a workflow enrolment) commits with them or not at all. The engine registers one.
   */
  eventReactors: EventReactor[];
  /**
   * Called by a unit of work before it writes, with the events it is about to store, to derive
   * further changes of its contacts through the session (scores, lifecycle promotion): the derived
   * changes are written, and reacted to, with the rest.
   */
  contactDerivers: ContactDeriver[];
  /** Work the engine loop runs when due, besides runs and deliveries (segment recomputes, score decay). */
  backgroundJobs: BackgroundJob[];
}

export interface EventReactor {
  /**
   * Reacts to stored events. May store further events (segment.entered): it returns them, and the
   * reactors after it see them with the others.
   */
  react(db: Db, workspaceId: string, events: NewEventRow[]): Promise<NewEventRow[] | void>;
}

export interface ContactDeriver {
  /** `events` are the rows the session is about to store; changes go through `session`. */
  derive(session: ContactSession, events: readonly NewEventRow[]): Promise<void>;
}

export interface BackgroundJob {
  name: string;
  /** Does up to `batchSize` units of due work; returns how many it did (0 when nothing was due). */
  runDue(batchSize: number): Promise<number>;
  /** When work next falls due, or undefined when none is scheduled. */
  nextDueAt(): Promise<number | undefined>;
  /** Releases what it holds open (an SMTP pool) when the engine stops. */
  close?(): void;
}
