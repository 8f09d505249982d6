export { siteTrackingOrigins, setSiteTrackingOrigins, isOriginAllowed, isOwnOrigin } from "./origins.js";
export { type VisitorIdentity, withVisitorLink, readVisitorLinkToken } from "./visitor-link.js";
export { linkVisitor } from "./link-visitor.js";
export { type TrackerScript, TRACKER_SCRIPT_PATH, trackerScript, trackingSnippet, scriptUrl } from "./tracker-script.js";
