import readline from "node:readline";
import { Command, InvalidArgumentError } from "commander";
import { loadConfig } from "../config.js";
import { openRuntime } from "../runtime.js";
import { selectUserByEmail } from "../store/index.js";
import { checkEmail, createUser, setUserPassword } from "../users/index.js";
import { DEFAULT_WORKSPACE, findOrCreateWorkspace } from "../workspaces/index.js";
import { UserRole } from "../schemas/user.js";
import { findWorkspace } from "./find.js";

interface CreateFlags {
  email: string;
  name?: string;
  role: UserRole;
  workspace: string;
  passwordStdin?: boolean;
}

interface PasswordFlags {
  email: string;
  workspace: string;
}

/**
 * `parcours users create` and `parcours users password`: an operator adds an admin, or gives a
 * user a new password, without the web UI. Passwords are read from stdin, never from arguments
 * (which other users of the machine can see in the process list).
 */
export function usersCommand(): Command {
  const users = new Command("users").description("manage the users who sign in to the web UI");
  users
    .command("create")
    .description("create a user and print it as JSON on stdout")
    .requiredOption("--email <email>", "the user's email, which they sign in with")
    .option("--name <name>", "the user's name")
    .option("--role <role>", "admin, marketer or read_only", parseRole, "marketer")
    .option("--workspace <name>", "workspace name, created if missing", DEFAULT_WORKSPACE)
    .option("--password-stdin", "read the password (10 to 200 characters) from the first line of stdin; without it the user cannot sign in yet")
    .action(async (flags: CreateFlags) => {
      const password = flags.passwordStdin ? await readPasswordLine() : undefined;
      const runtime = await openRuntime(loadConfig(), { logTo: 2 });
      try {
        const ws = await findOrCreateWorkspace(runtime.deps, flags.workspace);
        const user = await createUser(runtime.deps, ws.id, { email: flags.email, name: flags.name ?? null, role: flags.role, ...(password === undefined ? {} : { password }) });
        process.stdout.write(`${JSON.stringify(user)}\n`);
      } finally {
        await runtime.close();
      }
    });
  users
    .command("password")
    .description("set a user's password, read from the first line of stdin; the user's sessions end")
    .requiredOption("--email <email>", "the user's email")
    .option("--workspace <name>", "workspace name", DEFAULT_WORKSPACE)
    .action(async (flags: PasswordFlags) => {
      const password = await readPasswordLine();
      const runtime = await openRuntime(loadConfig(), { logTo: 2 });
      try {
        const ws = await findWorkspace(runtime.deps, flags.workspace);
        const user = await selectUserByEmail(runtime.deps.db, ws.id, checkEmail(flags.email));
        if (!user) throw new Error(`no user ${flags.email} in workspace ${JSON.stringify(flags.workspace)}`);
        await setUserPassword(runtime.deps, ws.id, user.id, password);
        process.stderr.write(`password set for ${user.email}\n`);
      } finally {
        await runtime.close();
      }
    });
  return users;
}

function parseRole(value: string): UserRole {
  const role = UserRole.safeParse(value);
  if (!role.success) throw new InvalidArgumentError(`must be one of ${UserRole.options.join(", ")}`);
  return role.data;
}

/** The first line of stdin, without its line ending (from a terminal: type it and press Enter). */
async function readPasswordLine(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("Password (shown as you type; better: pipe it in): ");
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of lines) return line;
    throw new Error("no password on stdin");
  } finally {
    lines.close();
  }
}
