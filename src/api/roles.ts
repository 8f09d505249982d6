import { ForbiddenError } from "../core/index.js";
import type { UserRole } from "../schemas/user.js";

const RANK: Record<UserRole, number> = { read_only: 0, marketer: 1, admin: 2 };
const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Routes only admins may use, by method and route pattern (as registered, under /api/v1). */
const ADMIN_ONLY: { methods: "all" | "writes"; path: RegExp; what: string }[] = [
  { methods: "all", path: /^\/api\/v1\/keys(\/|$)/, what: "managing API keys" },
  { methods: "writes", path: /^\/api\/v1\/users(\/|$)/, what: "managing users" },
  { methods: "writes", path: /^\/api\/v1\/workspace(\/|$)/, what: "changing workspace settings" },
  // Reading these secrets is as good as holding them: whoever has one can sign or forge webhooks.
  { methods: "all", path: /^\/api\/v1\/workspace\/webhook-secret(\/|$)/, what: "the webhook signing secret" },
  { methods: "all", path: /^\/api\/v1\/email-webhook(\/|$)/, what: "the email webhook credentials" },
];

/** POST routes that only render or compute, changing nothing: a read-only user may use them. */
const READS_BY_POST = new Set(["/api/v1/templates/preview", "/api/v1/templates/:id/preview"]);

/**
 * The role a signed-in user needs for a request: `read_only` reads (GET, HEAD), `marketer`
 * everything else but the routes of ADMIN_ONLY, `admin` everything. API keys are not checked
 * here: a secret key may do everything.
 */
export function roleNeeded(method: string, route: string | undefined): { role: UserRole; what: string } {
  const read = READS.has(method) || (method === "POST" && route !== undefined && READS_BY_POST.has(route));
  for (const rule of ADMIN_ONLY) {
    if (route !== undefined && rule.path.test(route) && (rule.methods === "all" || !read)) return { role: "admin", what: rule.what };
  }
  return read ? { role: "read_only", what: "reading" } : { role: "marketer", what: "changing anything" };
}

/** Throws 403 saying which role is needed when `role` is not enough for the request. */
export function assertRoleAllows(role: UserRole, method: string, route: string | undefined): void {
  const need = roleNeeded(method, route);
  if (RANK[role] >= RANK[need.role]) return;
  throw new ForbiddenError(`${need.what} needs the ${need.role} role; you are signed in as ${role}`);
}
