import fs from "node:fs";
import { once } from "node:events";
import { createRandom } from "./random.js";

const FIRST_NAMES = ["Ada", "Grace", "Alan", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger", "Hedy", "Tim", "Radia", "Guido", "Katherine", "Niklaus"];
const COMPANY_WORDS = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Soylent", "Cyberdyne", "Massive", "Aperture", "Wonka"];
const COMPANY_KINDS = ["Labs", "Systems", "Industries", "Group", "Software", "Analytics", "Partners"];
const HEADER = "email,first_name,company,employees,signed_up_at\n";
const CHUNK_ROWS = 10_000;

/**
 * Writes a contacts CSV of `rows` rows (plus a header) to `file`: unique emails, a name, a
 * company (some with a comma, so quoting is exercised), a head count and a sign-up date.
 * Returns the file's size in bytes.
 */
export async function writeContactsCsv(file: string, rows: number, seed = 7): Promise<number> {
  const random = createRandom(seed);
  const out = fs.createWriteStream(file);
  const day0 = Date.UTC(2020, 0, 1);
  let pending = HEADER;
  for (let i = 0; i < rows; i++) {
    const company = `${random.pick(COMPANY_WORDS)} ${random.pick(COMPANY_KINDS)}`;
    const name = random.next() < 0.05 ? `"${company}, Inc."` : company;
    const signedUp = new Date(day0 + random.int(6 * 365) * 86_400_000).toISOString().slice(0, 10);
    pending += `user${i}@example.com,${random.pick(FIRST_NAMES)},${name},${1 + random.int(5000)},${signedUp}\n`;
    if ((i + 1) % CHUNK_ROWS === 0) {
      if (!out.write(pending)) await once(out, "drain");
      pending = "";
    }
  }
  out.end(pending);
  await once(out, "finish");
  return fs.statSync(file).size;
}
