import { useEffect, useState } from "react";

/** The screens of the UI, addressed by the URL's hash (`#/workflows`), so links and the back button work without server routes. */
export const SCREENS = ["contacts", "workflows", "mailbox"] as const;
export type Screen = (typeof SCREENS)[number];

/** The screen the hash names (contacts for an empty or unknown one). */
export function screenOf(hash: string): Screen {
  const name = hash.replace(/^#\/?/, "").split("/")[0] ?? "";
  return (SCREENS as readonly string[]).includes(name) ? (name as Screen) : "contacts";
}

/** The current screen, following hash changes. */
export function useScreen(): Screen {
  const [screen, setScreen] = useState(() => screenOf(window.location.hash));
  useEffect(() => {
    const follow = () => setScreen(screenOf(window.location.hash));
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);
  return screen;
}
