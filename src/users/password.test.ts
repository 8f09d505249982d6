import { describe, expect, it } from "vitest";
import { checkPassword, DEFAULT_SCRYPT, hashPassword, needsRehash, verifyPassword } from "./password.js";

const CHEAP = { cost: 10, blockSize: 8, parallelization: 1 };

describe("password hashing", () => {
  it("hashes with the default parameters and verifies the same password only", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(/^scrypt\$15\$8\$3\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it("salts every hash: the same password never gives the same string", async () => {
    const [a, b] = await Promise.all([hashPassword("same password", CHEAP), hashPassword("same password", CHEAP)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword("same password", a)).toBe(true);
    expect(await verifyPassword("same password", b)).toBe(true);
  });

  it("verifies with the parameters stored in the hash and says when they are not the current ones", async () => {
    const stored = await hashPassword("an older password", CHEAP);
    expect(stored.startsWith("scrypt$10$8$1$")).toBe(true);
    expect(await verifyPassword("an older password", stored)).toBe(true);
    expect(needsRehash(stored, DEFAULT_SCRYPT)).toBe(true);
    expect(needsRehash(stored, CHEAP)).toBe(false);
  });

  it("matches composed and decomposed accents alike", async () => {
    const stored = await hashPassword("mot de passe é", CHEAP);
    expect(await verifyPassword("mot de passe e\u0301", stored)).toBe(true);
  });

  it("refuses malformed or unreasonable stored hashes instead of throwing", async () => {
    for (const bad of ["", "plain", "bcrypt$1$2$3$4$5", "scrypt$30$8$1$c2FsdA$a2V5", "scrypt$10$8$1$c2FsdA", "scrypt$x$8$1$c2FsdA$a2V5"]) {
      expect(await verifyPassword("whatever password", bad)).toBe(false);
      expect(needsRehash(bad)).toBe(true);
    }
  });

  it("asks for 10 to 200 characters, counting code points, naming the field", () => {
    expect(() => checkPassword("123456789")).toThrow(/password: must be at least 10 characters/);
    expect(() => checkPassword("1234567890")).not.toThrow();
    expect(() => checkPassword("😀".repeat(10))).not.toThrow();
    expect(() => checkPassword("x".repeat(200))).not.toThrow();
    expect(() => checkPassword("x".repeat(201), "newPassword")).toThrow(/newPassword: must be at most 200 characters/);
  });
});
