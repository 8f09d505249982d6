import type { Clock, IdGenerator, Logger } from "./core/index.js";
import type { Config } from "./config.js";
import type { Db, Dialect } from "./store/index.js";
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
}
