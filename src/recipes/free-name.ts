/**
 * `name`, or `name (2)`, `name (3)`… the first that `taken` says is free: creating a recipe twice
 * makes a second set of templates and workflows rather than failing on their unique names.
 */
export async function freeName(name: string, taken: (name: string) => Promise<unknown>): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${name.slice(0, 190)} (${n})`;
    if (!(await taken(candidate))) return candidate;
  }
}
