/** The Assistant's calls: a command sent, a proposal confirmed, a write undone, an answer rated; answers read through the contracts. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { CommandResult, RatingChange, type ConfirmCommandBody, type RateBody } from "@vta/contracts";
import { api, path } from "../../api/client";
import type { RecordSource } from "../runtime/source";

/** A command as typed, or as a live transcription stored on the server. */
export type Said = { text: string } | { transcriptionId: string };

const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

const post = async (to: string, body: unknown) => CommandResult.parse(await api<unknown>(to, { method: "POST", body }));

/** The runtime's lists are fetched again when a command wrote or took back a record. */
function useRefreshOnWrite(source: RecordSource) {
  const qc = useQueryClient();
  return (r: CommandResult) => {
    if (r.status === "applied" || r.status === "undone") void qc.invalidateQueries({ queryKey: ["records", source.key] });
  };
}

export function useSendCommand(appId: string, source: RecordSource) {
  const refresh = useRefreshOnWrite(source);
  return useMutation({
    mutationFn: ({ said, confirm }: { said: Said; confirm: boolean }) =>
      post(path`/apps/${appId}/commands`, { ...said, confirm, tz: zone() }),
    onSuccess: refresh,
  });
}

export function useConfirmCommand(appId: string, source: RecordSource) {
  const refresh = useRefreshOnWrite(source);
  return useMutation({
    mutationFn: ({ commandId, changes }: { commandId: string } & ConfirmCommandBody) =>
      post(path`/apps/${appId}/commands/${commandId}/confirm`, changes ? { changes } : {}),
    onSuccess: refresh,
  });
}

export function useUndoCommand(appId: string, source: RecordSource) {
  const refresh = useRefreshOnWrite(source);
  return useMutation({
    mutationFn: (commandId: string) => post(path`/apps/${appId}/commands/${commandId}/undo`, {}),
    onSuccess: refresh,
  });
}

/** Thumbs up is 5, thumbs down 1. */
export function useRateInteraction() {
  return useMutation({
    mutationFn: async ({ interactionId, userRating }: { interactionId: string } & z.infer<typeof RateBody>) =>
      RatingChange.parse(await api<unknown>(path`/interactions/${interactionId}`, { method: "PATCH", body: { userRating } })),
  });
}
