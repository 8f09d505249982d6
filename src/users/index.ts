export { userToApi, createUser, readUser, listUsers, updateUser, setUserPassword, checkEmail } from "./users.js";
export { deleteUser } from "./delete-user.js";
export { type ScryptParams, DEFAULT_SCRYPT, PASSWORD_MIN, PASSWORD_MAX, checkPassword, hashPassword, verifyPassword, needsRehash } from "./password.js";
export { type LiveSession, SESSION_IDLE_MS, SESSION_ABSOLUTE_MS, sessionIdOf, startSession, resumeSession, endSession } from "./sessions.js";
export { setupNeeded, setupFirstAdmin, checkCredentials, changeOwnPassword } from "./sign-in.js";
