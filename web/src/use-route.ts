import { useHash } from "./kit/use-sub-route.js";
import { SCREENS, type ScreenEntry } from "./screens.js";

/** The screen the hash names (`#/workflows/wf_1` → workflows); the first screen for an empty or unknown one. */
export function screenOf(hash: string): ScreenEntry {
  const id = hash.replace(/^#\/?/, "").split("/")[0] ?? "";
  return SCREENS.find((s) => s.id === id) ?? SCREENS[0]!;
}

/** The current screen, following hash changes, so links and the back button work without server routes. */
export function useScreen(): ScreenEntry {
  return screenOf(useHash());
}
