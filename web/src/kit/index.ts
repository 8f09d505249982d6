/** Small controls and hooks the screens share. */
import "./kit.css";
export { ConfirmButton } from "./confirm-button.js";
export { CopyButton } from "./copy-button.js";
export { ResourceStatus } from "./resource-status.js";
export { problemAt, problemsOf, type Problems } from "./problems.js";
export { TextField } from "./text-field.js";
export { useAction } from "./use-action.js";
export { useLoad, type Load } from "./use-load.js";
export { useResource, type Resource } from "./use-resource.js";
export { goTo, subRouteOf, useHash, useSubRoute } from "./use-sub-route.js";
