import type { Me } from "../../src/schemas/sign-in.js";
import type { Api } from "./api.js";

/** What every screen of the workspace is given. */
export interface ScreenProps {
  api: Api;
  /** The signed-in user and workspace (a read-only user sees no write controls). */
  me: Me;
  /** Called when a call answers 401: the session ended and the sign-in form comes back. */
  onSessionEnded: () => void;
}
