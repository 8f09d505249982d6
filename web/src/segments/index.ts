export { SegmentsScreen } from "./segments-screen.js";
