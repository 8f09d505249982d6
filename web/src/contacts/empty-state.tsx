/** Shown while the workspace has no contacts: the two quickest ways to add one. */
export function EmptyState() {
  const origin = window.location.origin;
  const rest = `curl -X POST ${origin}/api/v1/contacts \\
  -H "Authorization: Bearer $PARCOURS_SECRET_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"email": "ada@example.com", "properties": {"first_name": "Ada"}, "tags": ["newsletter"]}'`;
  const segment = `curl -X POST ${origin}/v1/identify \\
  -u "$PARCOURS_WRITE_KEY:" \\
  -H "Content-Type: application/json" \\
  -d '{"userId": "user-42", "traits": {"email": "grace@example.com", "plan": "pro"}}'`;
  return (
    <section className="empty card" aria-labelledby="empty-title">
      <h2 id="empty-title">No contacts yet</h2>
      <p>Add one with the REST API and your secret key:</p>
      <pre>
        <code>{rest}</code>
      </pre>
      <p>
        Or send events the way Segment and RudderStack SDKs do, with a write key as the Basic-auth user (create one with{" "}
        <code>npx parcours keys create --kind write</code>; a secret key works too):
      </p>
      <pre>
        <code>{segment}</code>
      </pre>
      <p>
        To load a spreadsheet, use <code>npx parcours import contacts.csv</code>. Every endpoint is described in the{" "}
        <a href="/docs">API reference</a>.
      </p>
    </section>
  );
}
