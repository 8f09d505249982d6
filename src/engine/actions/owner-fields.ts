import { selectUser } from "../../store/index.js";
import type { StepContext } from "../runtime/step.js";

/** A workspace user as merge fields see them: `{{ owner.name }}`, `{{ user.email }}`. */
export interface UserFields {
  id: string;
  email: string;
  name: string | null;
}

/**
 * The contact's owner as it stands at this step (an assign_owner step earlier in the same run
 * counts), or null when it has none.
 */
export async function ownerFields(ctx: StepContext): Promise<UserFields | null> {
  const ownerId = ctx.contact.ownerId;
  if (ownerId === null) return null;
  const user = await selectUser(ctx.db, ctx.deps.dialect, ctx.run.workspaceId, ownerId);
  return user ? { id: user.id, email: user.email, name: user.name } : null;
}
