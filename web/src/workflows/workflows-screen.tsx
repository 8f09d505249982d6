import { goTo, useSubRoute } from "../kit/index.js";
import { Builder } from "./builder.js";
import type { Request } from "./request.js";
import { WorkflowList } from "./workflow-list.js";
import "@xyflow/react/dist/style.css";
import "./workflows.css";

/**
 * The Workflows screen: the list at `#/workflows`, the builder of one at `#/workflows/<id>` (so a
 * recipe, the dashboard or a bookmark can open it); `canWrite` false for a read-only user.
 */
export function WorkflowsScreen({ request, canWrite }: { request: Request; canWrite: boolean }) {
  const open = useSubRoute("workflows");
  if (open) return <Builder key={open} request={request} workflowId={open} canWrite={canWrite} onBack={() => goTo("workflows")} />;
  return <WorkflowList request={request} onOpen={(id) => goTo("workflows", id)} canWrite={canWrite} />;
}
