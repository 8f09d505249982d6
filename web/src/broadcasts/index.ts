export { BroadcastsScreen } from "./broadcasts-screen.js";
