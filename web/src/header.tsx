import type { Me } from "../../src/schemas/sign-in.js";
import { HealthBadge } from "./health-badge.js";

const ROLE_LABELS: Record<Me["user"]["role"], string> = { admin: "Admin", marketer: "Marketer", read_only: "Read-only" };

/** Workspace name, health, links, and who is signed in with a sign-out button. */
export function Header({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  const who = me.user.name ?? me.user.email;
  return (
    <header className="header">
      <div className="brand">
        <span className="logo" aria-hidden="true" />
        <strong>Parcours</strong>
        <span className="workspace" title="Workspace">
          {me.workspace.name}
        </span>
      </div>
      <nav aria-label="Resources" className="nav">
        <HealthBadge />
        <a href="/docs" target="_blank" rel="noreferrer">
          API reference
        </a>
        <a href="/metrics" target="_blank" rel="noreferrer">
          Metrics
        </a>
        <span className="muted">
          <span className="visually-hidden">Signed in as </span>
          <span title={me.user.email}>{who}</span> · {ROLE_LABELS[me.user.role]}
        </span>
        <button type="button" className="link" onClick={onSignOut}>
          Sign out
        </button>
      </nav>
    </header>
  );
}
