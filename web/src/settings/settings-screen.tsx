import { Suspense } from "react";
import { useSubRoute } from "../kit/index.js";
import type { ScreenProps } from "../screen-props.js";
import { canWrite, sectionsFor } from "./sections.js";
import "./settings.css";

/** Settings: a side menu of sections (`#/settings/<section>`), those for admins only hidden from the others. */
export function SettingsScreen(props: ScreenProps) {
  const route = useSubRoute("settings");
  const sections = sectionsFor(props.me.user.role);
  const section = sections.find((s) => s.id === route) ?? sections[0]!;
  const Section = section.component;
  return (
    <main className="main settings">
      <nav aria-label="Settings sections" className="settings-nav">
        <h2>Settings</h2>
        <ul>
          {sections.map((s) => (
            <li key={s.id}>
              <a href={`#/settings/${s.id}`} aria-current={s === section ? "page" : undefined}>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <section className="contacts settings-section" aria-labelledby="section-title">
        <h2 id="section-title">{section.label}</h2>
        <Suspense fallback={<p role="status" className="muted">Loading {section.label.toLowerCase()}…</p>}>
          <Section key={section.id} {...props} canWrite={canWrite(props.me.user.role, section)} />
        </Suspense>
      </section>
    </main>
  );
}
