import type { Clock, IdGenerator, Logger } from "./core/index.js";
import type { Config } from "./config.js";
import type { Db, Dialect, NewEventRow } from "./store/index.js";
import type { PropertyType } from "./contacts/property-types.js";

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
}

export interface EventReactor {
  react(db: Db, workspaceId: string, events: NewEventRow[]): Promise<void>;
}
