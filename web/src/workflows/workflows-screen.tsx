import { useState } from "react";
import { Builder } from "./builder.js";
import type { Request } from "./request.js";
import { WorkflowList } from "./workflow-list.js";
import "@xyflow/react/dist/style.css";
import "./workflows.css";

/** The Workflows screen: the list, and the builder of the workflow opened from it; `canWrite` false for a read-only user. */
export function WorkflowsScreen({ request, canWrite }: { request: Request; canWrite: boolean }) {
  const [open, setOpen] = useState<string | null>(null);
  const [listKey, setListKey] = useState(0);
  if (open)
    return (
      <Builder
        request={request}
        workflowId={open}
        canWrite={canWrite}
        onBack={() => {
          setOpen(null);
          setListKey((k) => k + 1);
        }}
      />
    );
  return <WorkflowList key={listKey} request={request} onOpen={setOpen} canWrite={canWrite} />;
}
