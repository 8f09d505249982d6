import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { Command, InvalidArgumentError } from "commander";
import { loadConfig } from "../config.js";
import { importContactsCsv } from "../ingest/index.js";
import { openRuntime } from "../runtime.js";
import type { ImportOptions } from "../schemas/import.js";
import { DEFAULT_WORKSPACE } from "../workspaces/index.js";
import { findList, findWorkspace } from "./find.js";

interface ImportFlags {
  workspace: string;
  emailColumn?: string;
  externalIdColumn?: string;
  map: [string, string | null][];
  type: [string, string | null][];
  tag: string[];
  list?: string;
  updateExisting: boolean;
}

/** `parcours import FILE`: the report as JSON on stdout, logs on stderr; rejected rows are not a failure. */
export function importCommand(): Command {
  return new Command("import")
    .description("import contacts from a CSV file (- for stdin) and print the report as JSON")
    .argument("<file>", "CSV file, UTF-8, the first line naming the columns")
    .option("--workspace <name>", "workspace name", DEFAULT_WORKSPACE)
    .option("--email-column <header>", 'column holding the email (default "email", any case)')
    .option("--external-id-column <header>", "column holding your own user id")
    .option("--map <column=target>", "send a column to a property (or email, externalId, lifecycleStage, score, timezone, tags); column= skips it; repeatable", pair, [])
    .option("--type <column=type>", "declare a new property's type: string, number, boolean or date; repeatable", pair, [])
    .option("--tag <tag>", "tag every row's contact; repeatable", (v: string, all: string[]) => [...all, v], [])
    .option("--list <name-or-id>", "add every row's contact to this list")
    .option("--no-update-existing", "skip rows whose email already has a contact")
    .action(async (file: string, flags: ImportFlags) => runImport(file, flags));
}

async function runImport(file: string, flags: ImportFlags): Promise<void> {
  const input = file === "-" ? process.stdin : await openFile(file);
  const runtime = await openRuntime(loadConfig(), { logTo: 2 });
  try {
    const { deps } = runtime;
    const workspace = await findWorkspace(deps, flags.workspace);
    const options: ImportOptions = {
      mapping: Object.fromEntries(flags.map),
      types: Object.fromEntries(flags.type) as ImportOptions["types"],
      tags: flags.tag,
      updateExisting: flags.updateExisting,
      source: file === "-" ? "stdin" : path.basename(file),
      ...(flags.emailColumn ? { emailColumn: flags.emailColumn } : {}),
      ...(flags.externalIdColumn ? { externalIdColumn: flags.externalIdColumn } : {}),
      ...(flags.list ? { listId: (await findList(deps, workspace.id, flags.list)).id } : {}),
    };
    const report = await importContactsCsv(deps, workspace.id, input, options);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    input.destroy();
    await runtime.close();
  }
}

async function openFile(file: string): Promise<Readable> {
  const handle = await fs.open(file).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${file}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
  });
  return handle.createReadStream();
}

/** `column=target`; an empty target means null (skip). The last `=` splits, as targets hold none. */
function pair(value: string, all: [string, string | null][]): [string, string | null][] {
  const at = value.lastIndexOf("=");
  if (at <= 0) throw new InvalidArgumentError("expected column=value");
  return [...all, [value.slice(0, at), value.slice(at + 1) || null]];
}
