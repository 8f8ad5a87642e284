export { createTranscriptionsService, type TranscriptionsService } from "./transcriptions.service.js";
export { transcriptionsRoutes } from "./transcriptions.routes.js";
export { pocketsphinxEngine } from "./engines/pocketsphinx.js";
export { openAiSttEngine } from "./engines/openai-stt.js";
