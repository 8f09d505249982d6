import { useSubRoute } from "../kit/index.js";
import type { ScreenProps } from "../screen-props.js";
import { FormEditor } from "./form-editor.js";
import { FormList } from "./form-list.js";
import "./forms.css";

/** The Forms screen: the list at `#/forms`, a new form at `#/forms/new`, one form at `#/forms/<id>`. */
export function FormsScreen(props: ScreenProps) {
  const open = useSubRoute("forms");
  if (!open) return <FormList {...props} />;
  return <FormEditor key={open} {...props} formId={open === "new" ? null : open} />;
}
