import type { ScreenProps } from "../screen-props.js";
import { TemplateEditor } from "./template-editor.js";
import { TemplateList } from "./template-list.js";
import { useSubPath } from "./use-sub-path.js";
import "./templates.css";

/** `#/templates`: the list; `#/templates/new`: a new template; `#/templates/<id>`: its editor. */
export function TemplatesScreen(props: ScreenProps) {
  const sub = useSubPath("templates");
  if (sub === "") return <TemplateList {...props} />;
  return <TemplateEditor key={sub} {...props} templateId={sub === "new" ? null : sub} />;
}
