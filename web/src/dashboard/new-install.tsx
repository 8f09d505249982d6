/** What a new workspace shows instead of empty reports: the steps to a first journey, each with where to take it. */
export function NewInstall({ canWrite }: { canWrite: boolean }) {
  return (
    <section className="empty card" aria-labelledby="welcome-title">
      <h2 id="welcome-title">Your dashboard fills in as contacts arrive</h2>
      <p>{canWrite ? "Four steps to a first journey:" : "Nothing has happened in this workspace yet. Once a marketer or an admin has set it up:"}</p>
      <ol className="steps">
        <li>
          <strong>Add contacts</strong> through the API, a Segment or RudderStack SDK, a form or <code>npx parcours import contacts.csv</code>: the{" "}
          <a href="#/contacts">Contacts</a> screen shows how.
        </li>
        <li>
          <strong>Give them lifecycle stages</strong> (subscriber, lead, MQL…): the funnel here counts them.
        </li>
        <li>
          <strong>Write an email template</strong>, then <strong>build a workflow</strong> in <a href="#/workflows">Workflows</a> that sends it, and publish it.
        </li>
        <li>
          <strong>Come back here</strong> to follow emails sent, opened and clicked each day, and every live workflow&apos;s runs.
        </li>
      </ol>
    </section>
  );
}
