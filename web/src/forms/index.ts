export { FormsScreen } from "./forms-screen.js";
