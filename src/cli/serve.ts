import { createApp } from "../api/index.js";
import { createEngine } from "../engine/index.js";
import type { Config } from "../config.js";
import { openRuntime } from "../runtime.js";
import { bootstrapWorkspace } from "../workspaces/index.js";

/** API, engine and UI in one process. Resolves once listening; stops cleanly on SIGINT/SIGTERM. */
export async function serve(config: Config): Promise<void> {
  const runtime = await openRuntime(config);
  const { deps } = runtime;
  const first = await bootstrapWorkspace(deps);
  if (first) {
    process.stdout.write(
      [
        "",
        "  Parcours created the default workspace. Its secret API key (shown once, keep it safe):",
        "",
        `    ${first.secretKey}`,
        "",
        "  Use it as `Authorization: Bearer <key>` on /api/v1. Open the web UI to create the first admin.",
        "",
      ].join("\n") + "\n",
    );
  }
  const engine = createEngine(deps);
  const app = await createApp(deps, { engine });
  const stop = async () => {
    await app.close();
    await engine.stop();
    await runtime.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await app.listen({ port: config.port, host: config.host });
  engine.start();
  deps.logger.info({ url: config.baseUrl, database: deps.dialect.name, clock: config.clock }, "Parcours is listening");
}
