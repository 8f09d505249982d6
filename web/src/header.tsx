import { useEffect, useState } from "react";
import type { WorkspaceOut } from "../../src/schemas/workspace-api.js";
import type { Api } from "./api.js";
import { HealthBadge } from "./health-badge.js";

/** Workspace name (from GET /api/v1/workspace), health, links, sign-out. */
export function Header({ api, onSignOut }: { api: Api; onSignOut: () => void }) {
  const [workspace, setWorkspace] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api
      .get<WorkspaceOut>("/api/v1/workspace")
      .then((ws) => live && setWorkspace(ws.name))
      // Without the workspace endpoint (or the name) the header simply goes without it.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api]);

  return (
    <header className="header">
      <div className="brand">
        <span className="logo" aria-hidden="true" />
        <strong>Parcours</strong>
        {workspace && <span className="workspace" title="Workspace">{workspace}</span>}
      </div>
      <nav aria-label="Resources" className="nav">
        <HealthBadge />
        <a href="/docs" target="_blank" rel="noreferrer">
          API reference
        </a>
        <a href="/metrics" target="_blank" rel="noreferrer">
          Metrics
        </a>
        <button type="button" className="link" onClick={onSignOut}>
          Sign out
        </button>
      </nav>
    </header>
  );
}
