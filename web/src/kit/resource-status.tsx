import type { Resource } from "./use-resource.js";

/** "Loading …" or the error with a retry button, while `resource` is not ready; nothing once it is. */
export function ResourceStatus({ resource, what, onRetry }: { resource: Resource<unknown>; what: string; onRetry: () => void }) {
  if (resource.state === "loading")
    return (
      <p role="status" className="muted">
        Loading {what}…
      </p>
    );
  if (resource.state === "failed")
    return (
      <div role="alert" className="error">
        Could not load {what}: {resource.message}{" "}
        <button type="button" className="link" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  return null;
}
