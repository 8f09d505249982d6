/** Small controls and hooks the Forms and Settings screens share (any screen may use them). */
import "./kit.css";
export { ConfirmButton } from "./confirm-button.js";
export { CopyButton } from "./copy-button.js";
export { ResourceStatus } from "./resource-status.js";
export { problemAt, problemsOf, type Problems } from "./problems.js";
export { TextField } from "./text-field.js";
export { useResource, type Resource } from "./use-resource.js";
export { goTo, subRouteOf, useSubRoute } from "./use-sub-route.js";
