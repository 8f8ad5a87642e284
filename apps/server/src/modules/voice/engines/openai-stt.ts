/** Any Whisper-class service with OpenAI's API: POST {base}/audio/transcriptions, multipart. */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { SttEngine } from "./engine.js";

export interface OpenAiSttOptions {
  baseUrl: string | undefined;
  apiKey: string | undefined;
  model: string;
  timeoutMs: number;
}

export function openAiSttEngine(opts: OpenAiSttOptions): SttEngine {
  return {
    name: "openai",
    availability: () => (opts.baseUrl ? { available: true } : { available: false, reason: "STT_BASE_URL is not set" }),
    async transcribe({ original, signal }) {
      const form = new FormData();
      form.append("file", new Blob([await readFile(original)]), basename(original));
      form.append("model", opts.model);
      form.append("response_format", "json");
      const res = await fetch(`${opts.baseUrl!.replace(/\/$/, "")}/audio/transcriptions`, {
        method: "POST",
        headers: opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {},
        body: form,
        signal: AbortSignal.any([signal, AbortSignal.timeout(opts.timeoutMs)]),
      });
      const body = (await res.json().catch(() => null)) as { text?: string; error?: { message?: string } } | null;
      if (!res.ok || typeof body?.text !== "string")
        throw new Error(`the transcription service answered ${res.status}: ${body?.error?.message ?? "no text"}`);
      return { text: body.text.trim() };
    },
  };
}
