import { z } from "zod";
import { AppRecord } from "./apps.js";
import { Identifier, RecordFilter, SortKey } from "./app-spec.js";
import { Uuid } from "./common.js";

/**
 * A command said to a running app ("add an order for Jane, 40 dollars, paid"), as text or as a
 * stored transcription. `confirm: true` writes at once; otherwise a write comes back as a proposal
 * to confirm (edited or not). `tz` says what "today" is for the person.
 */
export const CommandBody = z
  .object({
    text: z.string().trim().min(1, "text must not be empty").max(1000, "text must be at most 1,000 characters").optional(),
    transcriptionId: Uuid.optional(),
    confirm: z.boolean().default(false),
    tz: z.string().max(64).optional(),
  })
  .refine((b) => (b.text === undefined) !== (b.transcriptionId === undefined), {
    message: "send the command as text or as a transcriptionId (one of them)",
  });
export type CommandBody = z.infer<typeof CommandBody>;

export const CommandKind = z.enum(["create", "update", "delete", "filter", "answer", "unclear"]);
export type CommandKind = z.infer<typeof CommandKind>;
/** proposed: a write waiting for its confirmation; applied: written; undone: written and taken back; done: nothing to write. */
export const CommandStatus = z.enum(["proposed", "applied", "undone", "done"]);
export type CommandStatus = z.infer<typeof CommandStatus>;

export const CommandResult = z.object({
  id: Uuid,
  kind: CommandKind,
  status: CommandStatus,
  /** What was read: the text sent, or the transcription's. */
  text: z.string(),
  entity: Identifier.nullable(),
  /** The record an update or delete is about (as it is now), or the record written once applied. */
  record: AppRecord.optional(),
  /** What a create or update writes, by field name (dates as YYYY-MM-DD, moments as ISO text). */
  changes: z.record(z.string(), z.unknown()).optional(),
  /** The records a list shows: the runtime's filters and order. */
  filter: z.object({ filters: z.array(RecordFilter), sort: SortKey.optional(), count: z.number().int() }).optional(),
  /** A question's answer over every record, in a sentence and as a number. */
  answer: z.object({ text: z.string(), value: z.number().nullable(), label: z.string().optional() }).optional(),
  /** What to say instead, when the command is unclear. */
  hint: z.string().optional(),
  /** The records an unclear command could mean. */
  candidates: z.array(z.object({ id: Uuid, title: z.string() })).optional(),
  /** The command in one sentence, as the confirmation card and the spoken answer say it. */
  summary: z.string(),
  /** The Assistant's interaction that recorded it (rate it through /interactions/:id). */
  interactionId: Uuid.nullable(),
  createdAt: z.string(),
});
export type CommandResult = z.infer<typeof CommandResult>;

/** A proposal confirmed, with the values the person edited on the card (a create's or an update's). */
export const ConfirmCommandBody = z.object({ changes: z.record(z.string(), z.unknown()).optional() });
export type ConfirmCommandBody = z.infer<typeof ConfirmCommandBody>;
export const CommandParams = z.object({ id: Uuid, commandId: Uuid });
