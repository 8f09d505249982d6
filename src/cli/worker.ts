import type { Config } from "../config.js";
import { createEngine } from "../engine/index.js";
import { openRuntime } from "../runtime.js";

/** The engine without the API: run as many as needed against one PostgreSQL database. */
export async function worker(config: Config): Promise<void> {
  const runtime = await openRuntime(config);
  const engine = createEngine(runtime.deps);
  const stop = async () => {
    await engine.stop();
    await runtime.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  engine.start();
  runtime.deps.logger.info({ database: runtime.deps.dialect.name }, "Parcours worker is running workflows");
}
