import { fork } from "node:child_process";
import type { LoadResult, LoadSpec } from "./spec.js";

const ENTRY = new URL("./load-process.ts", import.meta.url);

/** Sends the load described by `spec` from a child process and resolves with what it measured. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // "advanced" serialization carries the latency Float64Array without copying it into JSON.
    const child = fork(ENTRY, [], { execArgv: ["--import", "tsx"], serialization: "advanced", stdio: ["ignore", "ignore", "inherit", "ipc"] });
    let result: LoadResult | undefined;
    child.once("message", (m) => (result = m as LoadResult));
    child.once("error", reject);
    child.once("exit", (code) => (result ? resolve(result) : reject(new Error(`load process exited with code ${code} before reporting`))));
    child.send(spec);
  });
}
