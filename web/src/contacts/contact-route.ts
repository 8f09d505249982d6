import { useHash } from "../kit/index.js";

/** The contact id a hash names (`#/contacts/<id>`), or null for the list. */
export function contactIdOf(hash: string): string | null {
  const [, id] = hash.replace(/^#\/?/, "").split("/");
  return id ? decodeURIComponent(id) : null;
}

/** The contact the address opens, following hash changes (links, the back button). */
export function useContactId(): string | null {
  return contactIdOf(useHash());
}
