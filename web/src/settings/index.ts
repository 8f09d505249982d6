export { SettingsScreen } from "./settings-screen.js";
