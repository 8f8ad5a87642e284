/**
 * A write the Assistant proposes, to confirm or cancel: its summary and, for an add or a change,
 * one input per value it would write, typed by the field. Confirm sends only the values edited here.
 */
import { useState, type FormEvent } from "react";
import type { AppSpec, CommandResult, Field } from "@vta/contracts";
import { Button } from "../../components/Button";
import { ErrorNote } from "../../components/ErrorNote";
import { FieldInput, inputValue, storedValue } from "../runtime/FieldInput";
import type { RecordSource } from "../runtime/source";
import { useConfirmCommand } from "./api";

export function ProposalCard({
  spec,
  source,
  appId,
  result,
  onDone,
  onCancel,
}: {
  spec: AppSpec;
  source: RecordSource;
  appId: string;
  result: CommandResult;
  onDone: (r: CommandResult) => void;
  onCancel: () => void;
}) {
  const entity = spec.entities.find((e) => e.name === result.entity);
  const fields =
    result.kind === "delete" || !entity
      ? []
      : Object.keys(result.changes ?? {})
          .map((name) => entity.fields.find((f) => f.name === name))
          .filter((f): f is Field => f !== undefined);
  const [initial] = useState(() => Object.fromEntries(fields.map((f) => [f.name, inputValue(f, result.changes?.[f.name])])));
  const [values, setValues] = useState(initial);
  const confirm = useConfirmCommand(appId, source);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const edited = fields.filter((f) => values[f.name] !== initial[f.name]);
    confirm.mutate(
      {
        commandId: result.id,
        changes: edited.length ? Object.fromEntries(edited.map((f) => [f.name, storedValue(f, values[f.name]!)])) : undefined,
      },
      { onSuccess: onDone },
    );
  };
  return (
    <form
      onSubmit={submit}
      data-testid="assistant-card"
      aria-label={`Confirm: ${result.summary}`}
      className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3"
    >
      <p className="font-medium">{result.summary}</p>
      {fields.length > 0 && (
        <div className="grid gap-2 sm:grid-cols-2">
          {fields.map((f) => (
            <label key={f.name} className="grid gap-0.5 text-sm">
              <span className="text-xs text-slate-600">{f.label}</span>
              <FieldInput
                spec={spec}
                source={source}
                field={f}
                label={f.label}
                value={values[f.name]!}
                onChange={(v) => setValues((all) => ({ ...all, [f.name]: v }))}
                className="w-full rounded border border-slate-300 bg-white px-2 py-1"
              />
            </label>
          ))}
        </div>
      )}
      <ErrorNote error={confirm.error} />
      <div className="flex gap-2">
        <Button
          type="submit"
          variant={result.kind === "delete" ? "danger" : "primary"}
          size="sm"
          disabled={confirm.isPending}
          data-testid="assistant-confirm"
        >
          {confirm.isPending ? "Writing…" : result.kind === "delete" ? "Confirm delete" : "Confirm"}
        </Button>
        <Button size="sm" onClick={onCancel} disabled={confirm.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
