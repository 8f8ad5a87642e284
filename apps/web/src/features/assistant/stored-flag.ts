import { useState } from "react";

/** A yes/no the person sets once and finds again next time (this browser's localStorage). */
export function useStoredFlag(key: string, initial: boolean): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => {
    try {
      const kept = localStorage.getItem(key);
      return kept === null ? initial : kept === "1";
    } catch {
      return initial; // storage refused (private mode, blocked cookies)
    }
  });
  const set = (next: boolean) => {
    setOn(next);
    try {
      localStorage.setItem(key, next ? "1" : "0");
    } catch {
      // kept for this page only
    }
  };
  return [on, set];
}
