/** A value a contact property can hold (null unsets it). */
type PropertyValue = string | number | boolean | null;

/** The value at a JSON Pointer (RFC 6901) in `doc`, or undefined when there is none. */
export function resolvePointer(doc: unknown, pointer: string): unknown {
  if (pointer === "") return doc;
  let at: unknown = doc;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(at) && /^(0|[1-9]\d*)$/.test(token)) at = at[Number(token)];
    else if (at !== null && typeof at === "object" && !Array.isArray(at) && Object.hasOwn(at, token)) at = (at as Record<string, unknown>)[token];
    else return undefined;
  }
  return at;
}

/**
 * The contact properties a response maps to. Only scalars are taken (a property holds one
 * value); a pointer with nothing, or an object or array, behind it is listed as skipped.
 */
export function mapResponse(json: unknown, mapping: { pointer: string; property: string }[]): { set: Record<string, PropertyValue>; skipped: string[] } {
  const set: Record<string, PropertyValue> = {};
  const skipped: string[] = [];
  for (const { pointer, property } of mapping) {
    const value = resolvePointer(json, pointer);
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") set[property] = value;
    else if (value === null) set[property] = null;
    else skipped.push(pointer);
  }
  return { set, skipped };
}
