export { ContactsScreen } from "./contacts-screen.js";
