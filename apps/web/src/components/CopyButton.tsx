import { useEffect, useState } from "react";
import { Button, type ButtonSize } from "./Button";
import { notify } from "./toast";

/** Writes `text` to the clipboard: the Clipboard API, else a selected textarea (plain http on another host). */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("the browser refused");
}

/** "Copy" beside a value a person needs elsewhere (a share link, an API key); says "Copied" for two seconds. */
export function CopyButton({ text, label = "Copy", what, size = "sm" }: { text: string; label?: string; what: string; size?: ButtonSize }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(t);
  }, [copied]);
  return (
    <Button
      size={size}
      aria-label={copied ? `Copied ${what}` : `${label} ${what}`}
      onClick={() =>
        copyText(text).then(
          () => setCopied(true),
          (err: unknown) => notify.error(err, `Could not copy the ${what}: select it and copy it by hand`),
        )
      }
    >
      <span aria-live="polite">{copied ? "Copied ✓" : label}</span>
    </Button>
  );
}
