import { useState } from "react";

/**
 * Copies `text` to the clipboard and says so; where the browser refuses (no permission, an
 * insecure origin) it says to copy by hand instead of failing silently.
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [status, setStatus] = useState("");
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setStatus("Copied.");
    } catch {
      setStatus("The browser would not copy: select the text and press Ctrl+C (⌘C).");
    }
  }
  return (
    <span className="copy">
      <button type="button" onClick={() => void copy()}>
        {label}
      </button>
      <span role="status" className="muted">
        {status}
      </span>
    </span>
  );
}
