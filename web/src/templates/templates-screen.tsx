import type { ScreenProps } from "../screen-props.js";
import { TemplateEditor } from "./template-editor.js";
import { ReadOnlyNote } from "./read-only-note.js";
import { TemplateList } from "./template-list.js";
import { useSubRoute } from "../kit/index.js";
import "./templates.css";

/** `#/templates`: the list; `#/templates/new`: a new template; `#/templates/<id>`: its editor. */
export function TemplatesScreen(props: ScreenProps) {
  const sub = useSubRoute("templates");
  if (sub === "") return <TemplateList {...props} />;
  if (sub === "new" && props.me.user.role === "read_only") return <ReadOnlyNote what="write templates" back="#/templates" />;
  return <TemplateEditor key={sub} {...props} templateId={sub === "new" ? null : sub} />;
}
