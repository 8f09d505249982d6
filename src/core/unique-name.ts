import { ConflictError } from "./errors.js";

/**
 * Runs `write` for a resource named `name` (a list, a workflow, a template) unless another one
 * has that name: checked first for a clear answer, and again when the write fails, as a unique
 * index refusing the row means a concurrent write took the name first.
 */
export async function withUniqueName(
  kind: string,
  name: string,
  self: string | undefined,
  find: (name: string) => Promise<{ id: string } | undefined>,
  write: () => Promise<void>,
): Promise<void> {
  const taken = () => new ConflictError(`a ${kind} named ${JSON.stringify(name)} already exists`, "name");
  const other = await find(name);
  if (other && other.id !== self) throw taken();
  try {
    await write();
  } catch (err) {
    const winner = await find(name);
    if (winner && winner.id !== self) throw taken();
    throw err;
  }
}
