import { useEffect, useState } from "react";

/** What follows `#/<screen>/` in the hash (`#/settings/users` → `users`), decoded; "" for the screen itself. */
export function subRouteOf(hash: string, screen: string): string {
  const prefix = `#/${screen}/`;
  return hash.startsWith(prefix) ? decodeURIComponent(hash.slice(prefix.length)) : "";
}

/** The screen's sub-route, following hash changes, so that what a screen opens has an address and the back button works. */
export function useSubRoute(screen: string): string {
  const [rest, setRest] = useState(() => subRouteOf(window.location.hash, screen));
  useEffect(() => {
    const follow = () => setRest(subRouteOf(window.location.hash, screen));
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, [screen]);
  return rest;
}

/** Opens `#/<screen>/<rest>` (or the screen itself for ""). */
export function goTo(screen: string, rest = ""): void {
  window.location.hash = rest ? `#/${screen}/${encodeURIComponent(rest)}` : `#/${screen}`;
}
