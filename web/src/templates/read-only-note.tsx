/** Shown instead of a form a read-only user could not save. */
export function ReadOnlyNote({ what, back }: { what: string; back: string }) {
  return (
    <main className="main">
      <div className="card">
        <p>Your role can read but not {what}: ask an admin for the marketer role.</p>
        <a href={back}>← Back to the list</a>
      </div>
    </main>
  );
}
