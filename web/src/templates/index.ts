export { TemplatesScreen } from "./templates-screen.js";
