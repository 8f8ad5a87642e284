export { createTranscriptionsService, type TranscriptionsService } from "./transcriptions.service.js";
export { transcriptionsRoutes } from "./transcriptions.routes.js";
export { moonshineEngine } from "./engines/moonshine.js";
export { openAiSttEngine } from "./engines/openai-stt.js";
export { liveRoutes } from "./live.routes.js";
export { speechRoutes } from "./speech.routes.js";
