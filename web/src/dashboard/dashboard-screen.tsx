import type { ContactOut } from "../../../src/schemas/contact.js";
import type { ActiveWorkflowsOut, MessageActivityOut } from "../../../src/schemas/dashboard.js";
import type { FunnelReportOut } from "../../../src/schemas/lifecycle.js";
import { withQuery, type Page } from "../api.js";
import { useLoad } from "../kit/index.js";
import type { ScreenProps } from "../screen-props.js";
import { ActiveWorkflows } from "./active-workflows.js";
import { ActivityChart } from "./activity-chart.js";
import { FunnelChart } from "./funnel-chart.js";
import { NewInstall } from "./new-install.js";
import { ReportCard } from "./report-card.js";
import "./dashboard.css";

/** Days are split at the reader's midnights, as they would count them. */
const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/** The home screen: the lifecycle funnel, emails over the last 30 days, the live workflows. */
export function DashboardScreen({ api, me, onSessionEnded }: ScreenProps) {
  const funnel = useLoad(() => api.get<FunnelReportOut>("/api/v1/reports/funnel"), [api], onSessionEnded);
  const messages = useLoad(() => api.get<MessageActivityOut>(withQuery("/api/v1/reports/messages", { days: 30, timeZone: TIME_ZONE })), [api], onSessionEnded);
  const workflows = useLoad(() => api.get<ActiveWorkflowsOut>("/api/v1/reports/active-workflows"), [api], onSessionEnded);
  const hasContacts = useLoad(() => api.get<Page<ContactOut>>("/api/v1/contacts?limit=1").then((p) => p.data.length > 0), [api], onSessionEnded);
  const refresh = () => [funnel, messages, workflows, hasContacts].forEach((r) => r.reload());

  const fresh =
    hasContacts.view.state === "ready" &&
    !hasContacts.view.data &&
    workflows.view.state === "ready" &&
    workflows.view.data.data.length === 0 &&
    messages.view.state === "ready" &&
    messages.view.data.totals.sent === 0;

  return (
    <main className="main dashboard">
      <div className="toolbar">
        <h1 className="screen-title">Dashboard</h1>
        <button type="button" onClick={refresh}>
          Refresh
        </button>
      </div>
      {fresh ? (
        <NewInstall canWrite={me.user.role !== "read_only"} />
      ) : (
        <div className="reports">
          <ReportCard id="funnel-title" title="Lifecycle funnel" view={funnel.view} onRetry={funnel.reload}>
            {(report) => <FunnelChart report={report} />}
          </ReportCard>
          <ReportCard id="activity-title" title="Emails, last 30 days" view={messages.view} onRetry={messages.reload}>
            {(report) => <ActivityChart report={report} />}
          </ReportCard>
          <ReportCard id="workflows-title" title="Active workflows" view={workflows.view} onRetry={workflows.reload}>
            {(report) => <ActiveWorkflows workflows={report.data} />}
          </ReportCard>
        </div>
      )}
    </main>
  );
}
