import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";

export default defineConfig({
  plugins: [react(), tailwindcss()],
  // ws: the Assistant's live transcription is a WebSocket under /api.
  server: { proxy: { "/api": { target: "http://localhost:3000", ws: true } } },
  build: { outDir: "dist", emptyOutDir: true },
});
