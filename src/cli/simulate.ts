import fs from "node:fs/promises";
import { Command } from "commander";
import { loadConfig, type Config } from "../config.js";
import { simulateWorkflow } from "../engine/index.js";
import { openRuntime, type Runtime } from "../runtime.js";
import { SimulationInput } from "../schemas/simulation.js";
import { countWorkspaces } from "../store/index.js";
import { DEFAULT_WORKSPACE, findOrCreateWorkspace } from "../workspaces/index.js";
import { findWorkspace } from "./find.js";

interface SimulateFlags {
  workspace: string;
  workflow?: string;
}

/** `parcours simulate FILE`: the simulation's result as JSON on stdout, logs on stderr; nothing is stored. */
export function simulateCommand(): Command {
  return new Command("simulate")
    .description("run a workflow for one contact on a virtual timeline, with no side effect, and print the path as JSON")
    .argument("<file>", "JSON file (- for stdin): { definition?, contact, timeline?, startAt?, horizon?, enrol? }, as POST /api/v1/workflows/:id/simulate takes")
    .option("--workflow <id>", "simulate this workflow (its draft, unless the file holds a definition)")
    .option("--workspace <name>", "workspace name", DEFAULT_WORKSPACE)
    .action(async (file: string, flags: SimulateFlags) => runSimulate(file, flags));
}

async function runSimulate(file: string, flags: SimulateFlags): Promise<void> {
  const input = await readInput(file);
  const config = loadConfig();
  let runtime = await openRuntime(config, { logTo: 2 });
  try {
    // A fresh install has no workspace yet: simulate against an empty one with the default settings.
    if (!flags.workflow && (await countWorkspaces(runtime.deps.db)) === 0) {
      await runtime.close();
      runtime = await emptyWorkspace(config);
    }
    const workspace = await findWorkspace(runtime.deps, flags.workspace);
    const result = await simulateWorkflow(runtime.deps, workspace.id, input, { workflowId: flags.workflow });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await runtime.close();
  }
}

async function readInput(file: string): Promise<SimulationInput> {
  const text = file === "-" ? await readStdin() : await fs.readFile(file, "utf8").catch((err: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${file}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not JSON: ${(err as Error).message}`);
  }
  const parsed = SimulationInput.safeParse(json);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; "));
  return parsed.data;
}

async function readStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

/** An in-memory store holding one default workspace, nothing else. */
async function emptyWorkspace(config: Config): Promise<Runtime> {
  const runtime = await openRuntime({ ...config, dataDir: ":memory:", databaseUrl: undefined }, { logTo: 2 });
  await findOrCreateWorkspace(runtime.deps, DEFAULT_WORKSPACE);
  return runtime;
}
