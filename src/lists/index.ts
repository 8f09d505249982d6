export { listToApi, createList, getListRow, readList, listLists, updateList, deleteList } from "./lists.js";
export { addListMembers, removeListMember, listsOfContact } from "./members.js";
