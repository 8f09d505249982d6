import type { FunnelReportOut } from "../../../src/schemas/lifecycle.js";

const percent = (rate: number | null) => (rate === null ? "—" : `${Math.round(rate * 100)} %`);

/**
 * Contacts per lifecycle stage, in funnel order, as a table whose bars (centred, so the stages
 * narrow like a funnel) only repeat the figures beside them: the table is the text alternative.
 */
export function FunnelChart({ report }: { report: FunnelReportOut }) {
  const widest = Math.max(1, ...report.stages.map((s) => s.current));
  const anyone = report.stages.some((s) => s.current > 0 || s.entered > 0);
  return (
    <>
      <table className="table funnel">
        <caption className="visually-hidden">Contacts per lifecycle stage now, and stage entries over the last 30 days</caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col" className="funnel-bar-col">
              <span className="visually-hidden">Bar</span>
            </th>
            <th scope="col" className="num">
              Contacts now
            </th>
            <th scope="col" className="num">
              Entered (30 days)
            </th>
            <th scope="col" className="num">
              Went on to the next stage
            </th>
          </tr>
        </thead>
        <tbody>
          {report.stages.map((s) => (
            <tr key={s.stage} data-stage={s.stage}>
              <th scope="row">{s.label}</th>
              <td className="funnel-bar-col" aria-hidden="true">
                <div className="funnel-bar" style={{ width: `${Math.max(s.current > 0 ? 2 : 0, (s.current / widest) * 100)}%` }} />
              </td>
              <td className="num">{s.current}</td>
              <td className="num">{s.entered}</td>
              <td className="num">{percent(s.conversion.next)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!anyone && (
        <p className="muted">
          No contact has a lifecycle stage yet. Set <code>lifecycleStage</code> when you create or update contacts, or let a workflow step or a scoring threshold move them.
        </p>
      )}
    </>
  );
}
