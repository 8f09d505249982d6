export { DashboardScreen } from "./dashboard-screen.js";
