import { useEffect, useState } from "react";

/** The address's hash, followed as it changes (links, the back button). */
export function useHash(): string {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const follow = () => setHash(window.location.hash);
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);
  return hash;
}

/** What follows `#/<screen>/` in the hash (`#/settings/users` → `users`), decoded; "" for the screen itself. */
export function subRouteOf(hash: string, screen: string): string {
  const prefix = `#/${screen}/`;
  return hash.startsWith(prefix) ? decodeURIComponent(hash.slice(prefix.length)) : "";
}

/** The screen's sub-route, following hash changes, so that what a screen opens has an address and the back button works. */
export function useSubRoute(screen: string): string {
  return subRouteOf(useHash(), screen);
}

/** Opens `#/<screen>/<rest>` (or the screen itself for ""). */
export function goTo(screen: string, rest = ""): void {
  window.location.hash = rest ? `#/${screen}/${encodeURIComponent(rest)}` : `#/${screen}`;
}
