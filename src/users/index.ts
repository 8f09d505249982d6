export { userToApi, createUser, readUser, listUsers, updateUser } from "./users.js";
export { deleteUser } from "./delete-user.js";
