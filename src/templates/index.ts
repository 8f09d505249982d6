export {
  type Compiled,
  compiledTemplate,
  createTemplate,
  deleteTemplate,
  listTemplates,
  previewFields,
  previewTemplate,
  readTemplate,
  readTemplateVersion,
  renderMessage,
  templateVersions,
  updateTemplate,
} from "./templates.js";
export { testSend } from "./test-send.js";
export { previewDraft } from "./preview-draft.js";
export { mergeFieldCatalogue } from "./merge-fields.js";
