import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { ValidationError } from "../core/index.js";

/** scrypt's work factors: N = 2^cost, r = blockSize, p = parallelization. */
export interface ScryptParams {
  cost: number;
  blockSize: number;
  parallelization: number;
}

/**
 * OWASP's scrypt setting that needs 32 MiB per hash (N=2^15, r=8, p=3), equivalent in work to
 * N=2^17 with p=1 at a quarter of the memory: several sign-ins at once stay affordable.
 */
export const DEFAULT_SCRYPT: ScryptParams = { cost: 15, blockSize: 8, parallelization: 3 };

/** Characters a password must have at least and may have at most. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

const KEY_BYTES = 32;
const SALT_BYTES = 16;
// Bounds on parameters read back from a stored hash, so a damaged row cannot ask for gigabytes.
const MAX_COST = 20;
const MAX_PARALLELIZATION = 16;

/**
 * Refuses a password shorter than 10 or longer than 200 characters (Unicode code points),
 * naming `field`.
 */
export function checkPassword(password: string, field = "password"): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN) throw ValidationError.field(field, `must be at least ${PASSWORD_MIN} characters long`);
  if (length > PASSWORD_MAX) throw ValidationError.field(field, `must be at most ${PASSWORD_MAX} characters long`);
}

/**
 * Hashes a password with scrypt and a random 128-bit salt. The result carries its parameters
 * and salt: `scrypt$<cost>$<r>$<p>$<salt base64url>$<key base64url>`.
 */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return ["scrypt", params.cost, params.blockSize, params.parallelization, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** Whether `password` matches `stored` (compared in constant time); false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** Whether `stored` was made with other parameters than `params` (hash it again at the next sign-in). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.params.cost !== params.cost || parsed.params.blockSize !== params.blockSize || parsed.params.parallelization !== params.parallelization;
}

function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const [scheme, cost, r, p, salt, key, ...rest] = stored.split("$");
  if (scheme !== "scrypt" || rest.length || !salt || !key) return undefined;
  const params = { cost: Number(cost), blockSize: Number(r), parallelization: Number(p) };
  const ok = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
  if (!ok(params.cost, MAX_COST) || !ok(params.blockSize, 32) || !ok(params.parallelization, MAX_PARALLELIZATION)) return undefined;
  return { params, salt: Buffer.from(salt, "base64url"), key: Buffer.from(key, "base64url") };
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.cost;
  const options: ScryptOptions = {
    N,
    r: params.blockSize,
    p: params.parallelization,
    // Node refuses above 32 MiB by default; N=2^15, r=8 needs just over that.
    maxmem: 256 * N * params.blockSize,
  };
  return new Promise((resolve, reject) =>
    // NFC so the same password typed on two systems (composed or decomposed accents) matches.
    scrypt(password.normalize("NFC"), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}
