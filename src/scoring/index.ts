export { installScoring } from "./upkeep.js";
export { contactScores, createScoringRule, deleteScore, listScores, listScoringRules, putScore, readScore, readScoringRule, removeScoringRule, replaceScoringRule } from "./scores.js";
