import type { ActionHandlers } from "../runtime/step.js";

/** Sets a property (checked against its recorded type), or unsets it with `null`. */
export const setProperty: ActionHandlers["set_property"] = async ({ session, contact }, action) => {
  const name = JSON.stringify(action.property);
  const before = contact.properties[action.property];
  session.setProperties(contact, { [action.property]: action.value });
  const after = contact.properties[action.property];
  if (after === undefined) return { decision: `${name} cleared`, ...(before === undefined ? { reason: "it was not set" } : {}) };
  return { decision: `${name} set to ${JSON.stringify(after)}`, ...(before === after ? { reason: "it already had this value" } : {}) };
};
