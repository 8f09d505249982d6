import fs from "node:fs";
import { Command } from "commander";
import { loadConfig } from "../config.js";
import { exportContactsCsv } from "../ingest/index.js";
import { openRuntime } from "../runtime.js";
import type { ContactFilter } from "../store/index.js";
import { DEFAULT_WORKSPACE } from "../workspaces/index.js";
import { findList, findWorkspace } from "./find.js";

interface ExportFlags {
  workspace: string;
  tag?: string;
  stage?: string;
  list?: string;
  output?: string;
}

/** `parcours export`: contacts as CSV on stdout or into a file; the count goes to stderr. */
export function exportCommand(): Command {
  return new Command("export")
    .description("export contacts as CSV (the columns of GET /api/v1/exports/contacts.csv)")
    .option("--workspace <name>", "workspace name", DEFAULT_WORKSPACE)
    .option("--tag <tag>", "only contacts with this tag")
    .option("--stage <stage>", "only contacts in this lifecycle stage (its id)")
    .option("--list <name-or-id>", "only members of this list")
    .option("-o, --output <file>", "write to this file instead of stdout")
    .action(async (flags: ExportFlags) => runExport(flags));
}

async function runExport(flags: ExportFlags): Promise<void> {
  const runtime = await openRuntime(loadConfig(), { logTo: 2 });
  try {
    const { deps } = runtime;
    const workspace = await findWorkspace(deps, flags.workspace);
    if (flags.stage !== undefined && !workspace.settings.lifecycleStages.some((s) => s.id === flags.stage)) {
      throw new Error(`no lifecycle stage ${JSON.stringify(flags.stage)}; this workspace's are ${workspace.settings.lifecycleStages.map((s) => s.id).join(", ")}`);
    }
    const filter: ContactFilter = {
      ...(flags.tag !== undefined ? { tag: flags.tag } : {}),
      ...(flags.stage !== undefined ? { lifecycleStage: flags.stage } : {}),
      ...(flags.list !== undefined ? { listId: (await findList(deps, workspace.id, flags.list)).id } : {}),
    };
    const output = flags.output === undefined ? process.stdout : fs.createWriteStream(flags.output);
    const { rows } = await exportContactsCsv(deps, workspace.id, filter, output);
    process.stderr.write(`exported ${rows} contact${rows === 1 ? "" : "s"}${flags.output === undefined ? "" : ` to ${flags.output}`}\n`);
  } finally {
    await runtime.close();
  }
}
