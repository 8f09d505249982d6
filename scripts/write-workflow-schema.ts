/** Writes docs/workflow.schema.json from the zod schema (`npm run docs:schema`); a test keeps the two equal. */
import fs from "node:fs";
import { workflowJsonSchema } from "../src/schemas/workflow-api.js";

const file = new URL("../docs/workflow.schema.json", import.meta.url);
fs.writeFileSync(file, JSON.stringify(workflowJsonSchema(), null, 2) + "\n");
console.log(`wrote ${file.pathname}`);
