export { MailboxScreen } from "./mailbox-screen.js";
