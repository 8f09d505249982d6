export { type PublicForm, createForm, listForms, readForm, updateForm, deleteForm, formSubmissions, formSubmissionCounts, publicForm, formUrls } from "./forms.js";
export { type FormPost, type SubmitOutcome, type ConfirmOutcome, VISITOR, submitForm, confirmSubmission } from "./submit.js";
export { ConfirmationNotSentError, readConfirmationToken } from "./confirmation.js";
export { HONEYPOT, CONSENT, type RawFields } from "./submission-values.js";
