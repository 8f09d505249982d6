import { useEffect, useState } from "react";

type Health = { state: "checking" } | { state: "ok"; database: string } | { state: "down"; reason: string };

const POLL_MS = 30_000;

/** GET /healthz every 30 s: shows whether the server and its database answer. */
export function HealthBadge() {
  const [health, setHealth] = useState<Health>({ state: "checking" });
  useEffect(() => {
    let live = true;
    const check = async () => {
      try {
        const res = await fetch("/healthz");
        const body = (await res.json()) as { status?: string; database?: string; detail?: string };
        if (!live) return;
        setHealth(res.ok && body.status === "ok" ? { state: "ok", database: body.database ?? "?" } : { state: "down", reason: body.detail ?? `HTTP ${res.status}` });
      } catch {
        if (live) setHealth({ state: "down", reason: "no answer" });
      }
    };
    void check();
    const timer = setInterval(check, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);

  const text = health.state === "ok" ? `Healthy · ${health.database}` : health.state === "down" ? `Down · ${health.reason}` : "Checking…";
  return (
    <span className={`badge badge-${health.state}`} role="status" aria-live="polite" aria-label={`Server health: ${text}`}>
      {text}
    </span>
  );
}
