export { builtinEngine } from "./engines/builtin.js";
export { openAiEngine } from "./engines/openai.js";
export { EngineError, type Engine, type StageAgent, type Usage } from "./engines/engine.js";
export { carryGoals, enforceIntegrity, verifyGoals, type Requirements } from "./integrity.js";
export { describeTarget } from "./goal-text.js";
export { camel, label, plural, singular } from "./builtin/words.js";
export { stem } from "./builtin/resolve.js";
export { wordsToNumber } from "./builtin/speech.js";
