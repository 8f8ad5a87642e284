/**
 * Toasts (sonner) for saves, and for errors that have no place on the page. `<Toasts />` is mounted
 * once, in main.tsx. Plain colours: sonner's rich ones (green on pale green) fail axe's contrast check.
 */
import { toast, Toaster } from "sonner";

export function Toasts() {
  return <Toaster position="bottom-right" closeButton duration={5000} />;
}

export const notify = {
  /** A save or other action that worked: "Saved “Helpdesk”". */
  done(message: string) {
    toast.success(message);
  },
  /** An action that failed: what was being done, and the server's reason. */
  error(err: unknown, what: string) {
    toast.error(what, { description: err instanceof Error ? err.message : undefined, duration: 10_000 });
  },
};
