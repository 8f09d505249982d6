export { siteTrackingOrigins, setSiteTrackingOrigins, isOriginAllowed, isOwnOrigin } from "./origins.js";
export { type VisitorIdentity, LINK_PARAM, LINK_TOKEN_TTL_MS, withVisitorLink, readVisitorLinkToken } from "./visitor-link.js";
export { linkVisitor } from "./link-visitor.js";
export { type TrackerScript, TRACKER_SCRIPT_PATH, trackerScript, trackingSnippet, scriptUrl } from "./tracker-script.js";
