import { describe, expect, it } from "vitest";
import { assertRoleAllows, roleNeeded } from "./roles.js";

describe("the role a signed-in user needs", () => {
  it("lets read_only read, marketers change things, and keeps keys, users, settings and secrets for admins", () => {
    expect(roleNeeded("GET", "/api/v1/contacts")).toMatchObject({ role: "read_only" });
    expect(roleNeeded("HEAD", "/api/v1/contacts/:id")).toMatchObject({ role: "read_only" });
    expect(roleNeeded("POST", "/api/v1/contacts")).toMatchObject({ role: "marketer" });
    expect(roleNeeded("DELETE", "/api/v1/segments/:id")).toMatchObject({ role: "marketer" });
    expect(roleNeeded("GET", "/api/v1/users")).toMatchObject({ role: "read_only" });
    expect(roleNeeded("GET", "/api/v1/workspace")).toMatchObject({ role: "read_only" });
    for (const [method, route] of [
      ["GET", "/api/v1/keys"],
      ["DELETE", "/api/v1/keys/:id"],
      ["POST", "/api/v1/users"],
      ["PATCH", "/api/v1/users/:id"],
      ["POST", "/api/v1/users/:id/password"],
      ["PUT", "/api/v1/workspace/lifecycle-stages"],
      ["GET", "/api/v1/workspace/webhook-secret"],
      ["POST", "/api/v1/workspace/webhook-secret/rotate"],
      ["GET", "/api/v1/email-webhook"],
    ]) {
      expect(roleNeeded(method!, route), `${method} ${route}`).toMatchObject({ role: "admin" });
    }
    // A path that only starts like an admin one is not one.
    expect(roleNeeded("POST", "/api/v1/keystone")).toMatchObject({ role: "marketer" });
  });

  it("says which role is missing", () => {
    expect(() => assertRoleAllows("read_only", "POST", "/api/v1/contacts")).toThrow("changing anything needs the marketer role; you are signed in as read_only");
    expect(() => assertRoleAllows("marketer", "POST", "/api/v1/keys")).toThrow("managing API keys needs the admin role");
    expect(() => assertRoleAllows("admin", "POST", "/api/v1/keys")).not.toThrow();
    expect(() => assertRoleAllows("marketer", "POST", undefined)).not.toThrow();
  });
});
