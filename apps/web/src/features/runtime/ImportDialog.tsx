/**
 * A spreadsheet into an entity: the file's columns matched to fields (guessed from the header row,
 * changeable), then the server checks every row as it checks a record and says which were bad.
 */
import { useEffect, useRef, useState, type FormEvent } from "react";
import Papa from "papaparse";
import { guessColumns, isReadOnly, type Entity, type RecordImportProgress, type RecordImportResult } from "@vta/contracts";
import { ErrorNote } from "../../components/ErrorNote";
import { useImportRecords } from "./api";
import type { RecordSource } from "./source";
import { Button } from "../../components/Button";

export function ImportDialog({ source, entity, onClose }: { source: RecordSource; entity: Entity; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [header, setHeader] = useState<string[]>([]);
  const [columns, setColumns] = useState<string[]>([]);
  const [onError, setOnError] = useState<"skip" | "reject">("skip");
  const [readError, setReadError] = useState<string | null>(null);
  const run = useImportRecords(source, entity.name);
  const [progress, setProgress] = useState<RecordImportProgress | null>(null);
  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
  }, []);

  const pick = (next: File | null) => {
    setFile(next);
    setHeader([]);
    setReadError(null);
    run.reset();
    if (!next) return;
    Papa.parse<string[]>(next, {
      preview: 1,
      skipEmptyLines: true,
      complete: (result) => {
        const first = (result.data[0] ?? []).map((c) => c.trim());
        if (!first.length) return setReadError("This file has no header row: its first row should name the columns");
        setHeader(first);
        setColumns(guessColumns(entity, first));
      },
      error: (err) => setReadError(`This file could not be read: ${err.message}`),
    });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProgress(null);
    if (file) run.mutate({ file, onError, columns, onProgress: setProgress });
  };
  const result: RecordImportResult | undefined = run.data;
  const mapped = columns.some(Boolean);
  return (
    <dialog
      ref={ref}
      aria-label={`Import ${entity.pluralLabel.toLowerCase()}`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className="m-auto w-[min(40rem,calc(100vw-1rem))] rounded-lg p-0 shadow-xl backdrop:bg-slate-900/30"
    >
      <form onSubmit={submit} className="space-y-4 p-4 text-sm">
        <h3 className="text-base font-semibold">Import {entity.pluralLabel.toLowerCase()} from a CSV file</h3>
        <label className="block">
          <span className="font-medium">CSV file</span>
          <input type="file" accept=".csv,text/csv" onChange={(e) => pick(e.target.files?.[0] ?? null)} className="mt-1 block w-full" />
        </label>
        {readError && (
          <p role="alert" className="text-red-800">
            {readError}
          </p>
        )}
        {header.length > 0 && (
          <fieldset className="space-y-1">
            <legend className="mb-1 font-medium">Which field each column fills</legend>
            {header.map((h, j) => (
              <label key={j} className="grid grid-cols-2 items-center gap-2">
                <span className="truncate" title={h}>
                  {h || `Column ${j + 1}`}
                </span>
                <select
                  value={columns[j] ?? ""}
                  onChange={(e) => setColumns((c) => c.map((x, k) => (k === j ? e.target.value : x)))}
                  className="rounded border border-slate-300 px-1 py-0.5"
                  aria-label={`Field for column ${h || j + 1}`}
                >
                  <option value="">Leave out</option>
                  {entity.fields
                    .filter((f) => !isReadOnly(f.type))
                    .map((f) => (
                      <option key={f.name} value={f.name} disabled={columns.includes(f.name) && columns[j] !== f.name}>
                        {f.label}
                      </option>
                    ))}
                </select>
              </label>
            ))}
          </fieldset>
        )}
        <fieldset>
          <legend className="font-medium">If some rows are wrong</legend>
          <label className="mr-4">
            <input type="radio" name="onError" checked={onError === "skip"} onChange={() => setOnError("skip")} /> import the good rows
          </label>
          <label>
            <input type="radio" name="onError" checked={onError === "reject"} onChange={() => setOnError("reject")} /> import nothing
          </label>
        </fieldset>
        <ErrorNote error={run.error} />
        {run.isPending && progress && (
          <div>
            <progress value={progress.processed} max={progress.rows || 1} aria-label="Import progress" className="w-full" />
            <p className="text-xs text-slate-600" aria-live="polite">
              {progress.rows ? `${progress.processed.toLocaleString()} of ${progress.rows.toLocaleString()} rows` : "Reading the file…"}
            </p>
          </div>
        )}
        {result && (
          <div role="status" className="rounded border border-slate-200 bg-slate-50 p-3">
            <p className="font-medium">
              {result.imported.toLocaleString()} {(result.imported === 1 ? entity.label : entity.pluralLabel).toLowerCase()} imported
              {result.errors.length > 0 &&
                `; ${new Set(result.errors.map((e) => e.row)).size.toLocaleString()} rows had problems${result.imported === 0 && onError === "reject" ? ", so nothing was imported" : " and were left out"}`}
              .
            </p>
            {result.errors.length > 0 && (
              <ul className="mt-2 max-h-48 list-disc overflow-y-auto pl-5">
                {result.errors.slice(0, 200).map((e, i) => (
                  <li key={i}>
                    Row {e.row}: {e.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>{result ? "Done" : "Cancel"}</Button>
          <Button type="submit" variant="primary" disabled={!file || !mapped || run.isPending}>
            {run.isPending ? "Importing…" : "Import"}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
