/**
 * The architecture's import direction (docs/decisions.md, shared STYLE.md §1):
 * core ← schemas ← store ← domains ← api/cli. Checked by `npm test`.
 */
const domains = "^src/(contacts|ingest|workspaces|lists|users|rules|segments|engine|channels|scoring|templates|messaging|consent|broadcasts|forms|recipes|webhooks|crm|site-tracking|dashboard)/";
module.exports = {
  forbidden: [
    { name: "core-is-innermost", severity: "error", from: { path: "^src/core/" }, to: { path: "^src/", pathNot: "^src/core/" } },
    { name: "schemas-only-core", severity: "error", from: { path: "^src/schemas/" }, to: { path: "^src/", pathNot: "^src/(core|schemas)/" } },
    {
      name: "store-below-domains",
      severity: "error",
      from: { path: "^src/store/" },
      to: { path: "^src/", pathNot: "^src/(core|schemas|store)/" },
    },
    { name: "domains-know-no-http-or-cli", severity: "error", from: { path: domains }, to: { path: "^src/(api|cli)/" } },
    { name: "api-is-not-cli", severity: "error", from: { path: "^src/api/" }, to: { path: "^src/cli/" } },
    { name: "web-only-schemas", severity: "error", from: { path: "^web/" }, to: { path: "^src/", pathNot: "^src/schemas/" } },
    {
      name: "import-folders-by-index",
      comment: "other folders import ../engine, never ../engine/runner",
      severity: "error",
      from: { path: "^src/([^/]+)/" },
      to: { path: "^src/([^/]+)/.+", pathNot: ["^src/$1/", "/index\\.ts$", "^src/[^/]+\\.ts$", "^src/schemas/"] },
    },
    { name: "no-circular", severity: "error", from: {}, to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    exclude: { path: "\\.test\\.ts$" },
  },
};
