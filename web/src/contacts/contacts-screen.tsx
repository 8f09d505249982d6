import { useEffect, useState } from "react";
import type { ScreenProps } from "../screen-props.js";
import { ContactPage } from "./contact-page.js";
import { useContactId } from "./contact-route.js";
import { INITIAL_QUERY } from "./contact-query.js";
import { ContactsTable, type ListState } from "./contacts-table.js";
import "./contacts.css";

/**
 * The contact list, and a contact's page at `#/contacts/<id>`. The list's search, filters, order
 * and page are kept here, so coming back from a contact finds the list as it was left.
 */
export function ContactsScreen({ api, me, onSessionEnded }: ScreenProps) {
  const contactId = useContactId();
  const [list, setList] = useState<ListState>({ query: INITIAL_QUERY, cursors: [undefined] });
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (contactId) window.scrollTo(0, 0);
  }, [contactId]);

  if (contactId)
    return (
      <ContactPage
        key={contactId}
        api={api}
        me={me}
        contactId={contactId}
        onUnauthorized={onSessionEnded}
        onErased={(label) => {
          setNotice(`${label} was erased.`);
          // The list may now be shorter: back to its first page.
          setList((l) => ({ ...l, cursors: [undefined] }));
          window.location.hash = "#/contacts";
        }}
      />
    );
  return (
    <main className="main">
      <ContactsTable
        api={api}
        state={list}
        onState={(s) => {
          setNotice(null);
          setList(s);
        }}
        notice={notice}
        onUnauthorized={onSessionEnded}
      />
    </main>
  );
}
