/** One thing wrong with a workflow definition, said so that a marketer can fix it. */
export interface WorkflowProblem {
  /** Dotted path in the document: `start`, `triggers.1.listId`, `nodes.3.rule.rules.0.property`. */
  field: string;
  message: string;
  /** The node the problem is in, when it is in one. */
  nodeId?: string;
}

/** Where something sits in the document: as a dotted path, and in words for messages. */
export interface Place {
  field: string;
  /** "node \"check\"", "trigger 2", "the entry filter"… */
  where: string;
  nodeId?: string;
  /** Position of the node in `nodes`, when the place is inside one. */
  nodeIndex?: number;
}

/** A problem at `place`, `subfield` (if any) appended to its path. */
export function problemAt(place: Place, subfield: string | undefined, message: string): WorkflowProblem {
  const field = subfield === undefined ? place.field : `${place.field}.${subfield}`;
  return place.nodeId === undefined ? { field, message } : { field, message, nodeId: place.nodeId };
}
