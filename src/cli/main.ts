import { Command, InvalidArgumentError } from "commander";
import { loadConfig } from "../config.js";
import { openRuntime } from "../runtime.js";
import { createApiKey, findOrCreateWorkspace, DEFAULT_WORKSPACE, type KeyKind } from "../workspaces/index.js";
import { serve } from "./serve.js";
import { worker } from "./worker.js";
import { importCommand } from "./import.js";
import { exportCommand } from "./export.js";
import { simulateCommand } from "./simulate.js";
import { usersCommand } from "./users.js";
import { recipesCommand } from "./recipes.js";

const program = new Command("parcours").description("Parcours marketing automation").showHelpAfterError();

program
  .command("serve")
  .description("run the API, the engine and the web UI")
  .action(async () => serve(loadConfig()));

program
  .command("worker")
  .description("run workflows without the API (several workers may share one PostgreSQL database)")
  .action(async () => worker(loadConfig()));

program
  .command("migrate")
  .description("apply pending database migrations, then exit")
  .action(async () => {
    const runtime = await openRuntime(loadConfig(), { logTo: 2 });
    await runtime.close();
    process.stderr.write("database is up to date\n");
  });

const keys = program.command("keys").description("manage API keys");
keys
  .command("create")
  .description("create an API key and print it alone on stdout")
  .requiredOption("--kind <kind>", "write (ingestion only) or secret (everything)", (v: string): KeyKind => {
    if (v !== "write" && v !== "secret") throw new InvalidArgumentError("must be write or secret");
    return v;
  })
  .option("--workspace <name>", "workspace name, created if missing", DEFAULT_WORKSPACE)
  .option("--name <label>", "a label to recognise the key by")
  .action(async (opts: { kind: KeyKind; workspace: string; name?: string }) => {
    const runtime = await openRuntime(loadConfig(), { logTo: 2 });
    try {
      const ws = await findOrCreateWorkspace(runtime.deps, opts.workspace);
      const { key } = await createApiKey(runtime.deps, ws.id, opts.kind, opts.name);
      process.stdout.write(`${key}\n`);
    } finally {
      await runtime.close();
    }
  });

program.addCommand(importCommand());
program.addCommand(exportCommand());
program.addCommand(simulateCommand());
program.addCommand(usersCommand());
program.addCommand(recipesCommand());

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`parcours: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
