import type { Transcription } from "@vta/contracts";
import { ApiError } from "../../api/client";

/** Uploads audio with progress (fetch cannot report upload progress; XHR can). */
export function uploadAudio(file: Blob, name: string, onProgress: (fraction: number) => void): Promise<Transcription> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/transcriptions");
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: an error page from a proxy
      }
      if (xhr.status === 201) resolve(body as Transcription);
      else {
        const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
        reject(new ApiError(xhr.status, err?.code ?? "error", err?.message ?? `Upload failed (${xhr.status})`));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, "network", "The upload failed; check the connection and try again"));
    const form = new FormData();
    form.append("file", file, name);
    xhr.send(form);
  });
}
