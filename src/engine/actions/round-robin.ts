/** Who takes a turn of a round-robin team, and what was passed over. */
export interface RoundRobinPick {
  userId: string;
  /** 1-based place of the user among those available. */
  place: number;
  available: number;
  /** Team members that no longer exist, in team order. */
  skipped: string[];
}

/**
 * The user for `turn` (1 for the first assignment): the team takes turns in its order, among
 * the members that still exist, so N assignments spread evenly over whoever is left. A user
 * listed twice takes two turns per round. Undefined when no member is left.
 */
export function pickRoundRobin(team: string[], existing: ReadonlySet<string>, turn: number): RoundRobinPick | undefined {
  const available = team.filter((id) => existing.has(id));
  if (!available.length) return undefined;
  const index = (turn - 1) % available.length;
  return { userId: available[index]!, place: index + 1, available: available.length, skipped: [...new Set(team.filter((id) => !existing.has(id)))] };
}
