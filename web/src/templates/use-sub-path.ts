import { useEffect, useState } from "react";

function subPathOf(hash: string, screen: string): string {
  const [head = "", ...rest] = hash.replace(/^#\/?/, "").split("/");
  return head === screen ? decodeURIComponent(rest.join("/")) : "";
}

/** What follows `#/<screen>/` in the address (`#/templates/tpl_1` → `tpl_1`), following hash changes. */
export function useSubPath(screen: string): string {
  const [path, setPath] = useState(() => subPathOf(window.location.hash, screen));
  useEffect(() => {
    const follow = () => setPath(subPathOf(window.location.hash, screen));
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, [screen]);
  return path;
}

/** Opens `#/<screen>/<rest>` (the list when `rest` is empty). */
export function go(screen: string, rest = ""): void {
  window.location.hash = rest ? `#/${screen}/${encodeURIComponent(rest)}` : `#/${screen}`;
}
