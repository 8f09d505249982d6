import type { UserOut } from "../../../src/schemas/user.js";
import type { Api } from "../api.js";
import { useLoad } from "../kit/index.js";

/** The owner's name (or email), falling back to their id when the user cannot be read. */
export function OwnerName({ api, userId, onUnauthorized }: { api: Api; userId: string; onUnauthorized: () => void }) {
  const { view } = useLoad(() => api.get<UserOut>(`/api/v1/users/${encodeURIComponent(userId)}`), [api, userId], onUnauthorized);
  if (view.state !== "ready") return <code>{userId}</code>;
  return <span title={view.data.email}>{view.data.name ?? view.data.email}</span>;
}
