import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** Postfix's test server (Debian package `postfix`): accepts every message and throws it away. */
const CANDIDATES = ["/usr/sbin/smtp-sink", "/usr/lib/postfix/sbin/smtp-sink", ...(process.env.PATH ?? "").split(path.delimiter).map((dir) => path.join(dir, "smtp-sink"))];
/** The listen backlog the issue runs it with. */
const BACKLOG = 1000;

/** A running smtp-sink on a loopback port. */
export interface SmtpSinkProcess {
  url: string;
  /** Messages it has accepted so far (its `-c` counters, read from its output). */
  received(): number;
  /** Resolves once it has counted at least `n` messages, or after `timeoutMs`; returns the count. */
  waitFor(n: number, timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

/** Where smtp-sink is installed, or undefined. */
export function findSmtpSink(): string | undefined {
  return CANDIDATES.find((p) => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Starts `smtp-sink -c [-u nobody] 127.0.0.1:PORT 1000` on a free port and waits until it accepts connections. */
export async function startSmtpSink(binary: string): Promise<SmtpSinkProcess> {
  const port = await freePort();
  // As root it must be told whose privileges to drop to.
  const args = ["-c", ...(process.getuid?.() === 0 ? ["-u", "nobody"] : []), `127.0.0.1:${port}`, String(BACKLOG)];
  // Through a shell that stops the sink when its stdin (a pipe from this process) closes: a bench
  // killed before it could close the sink leaves no smtp-sink behind.
  const child = spawn("/bin/sh", ["-c", '"$@" & sink=$!; trap "kill $sink" EXIT; read _', "sh", binary, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  let count = 0;
  let errors = "";
  let tail = "";
  // `-c` prints `sess=N quit=N mesg=N` and a CR after every message and session.
  child.stdout.setEncoding("latin1").on("data", (chunk: string) => {
    tail = (tail + chunk).slice(-200);
    const all = [...tail.matchAll(/mesg=(\d+)/g)];
    if (all.length) count = Number(all.at(-1)![1]);
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (errors += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (let tries = 0; !(await accepts(port)); tries++) {
    if (child.exitCode !== null || tries > 100) {
      child.stdin.end();
      throw new Error(`smtp-sink did not start on port ${port}: ${errors.trim() || `exit code ${child.exitCode}`}`);
    }
    await sleep(20);
  }
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => count,
    async waitFor(n, timeoutMs) {
      const giveUpAt = performance.now() + timeoutMs;
      while (count < n && performance.now() < giveUpAt) await sleep(10);
      return count;
    },
    async close() {
      child.stdin.end();
      await exited;
    },
  };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
