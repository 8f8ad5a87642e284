import { useId, useState, type InputHTMLAttributes, type KeyboardEvent } from "react";

export interface ComboOption {
  id: string;
  label: string;
  /** Shown greyed (the "none" or "any" choice). */
  muted?: boolean;
}

/** What one types in a combobox and whether its list is open: the caller searches with them. */
export function useComboboxSearch() {
  const [open, setOpen] = useState(false);
  const [term, setTerm] = useState("");
  return { open, setOpen, term, setTerm };
}
export type ComboboxSearch = ReturnType<typeof useComboboxSearch>;

/**
 * A text box that searches as one types and offers what was found (WAI-ARIA combobox): arrows
 * move, Enter picks, Escape closes, and the box keeps the focus while the mouse picks. Closed, it
 * shows `shown` (the current choice's name).
 */
export function Combobox({
  search,
  shown,
  options,
  onPick,
  listLabel,
  searching,
  emptyText,
  inputProps,
  listClassName = "w-full",
  onOtherKey,
  onBlur,
}: {
  search: ComboboxSearch;
  shown: string;
  options: ComboOption[];
  onPick: (option: ComboOption | undefined) => void;
  listLabel: string;
  searching: boolean;
  emptyText?: string | null;
  inputProps: Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "onKeyDown" | "onFocus" | "onBlur" | "role">;
  listClassName?: string;
  /** Keys the combobox does not use (a table cell's Tab, say). */
  onOtherKey?: (e: KeyboardEvent<HTMLInputElement>) => void;
  onBlur?: () => void;
}) {
  const { open, setOpen, term, setTerm } = search;
  const [active, setActive] = useState(0);
  const list = useId();
  const pick = (option: ComboOption | undefined) => {
    onPick(option);
    setOpen(false);
  };
  return (
    <>
      <input
        {...inputProps}
        role="combobox"
        aria-expanded={open}
        aria-controls={list}
        aria-autocomplete="list"
        aria-activedescendant={open ? `${list}-${active}` : undefined}
        autoComplete="off"
        value={open ? term : shown}
        onFocus={() => {
          setTerm("");
          setActive(0);
          setOpen(true);
        }}
        onChange={(e) => {
          setTerm(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onBlur={() => {
          setOpen(false);
          onBlur?.();
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.max(0, Math.min(options.length - 1, a + (e.key === "ArrowDown" ? 1 : -1))));
          } else if (e.key === "Enter" && open) {
            e.preventDefault(); // picks; a surrounding form is sent with its own button
            pick(options[active]);
          } else if (e.key === "Escape" && open) {
            e.preventDefault();
            setOpen(false);
          } else onOtherKey?.(e);
        }}
      />
      {open && (
        <ul
          id={list}
          role="listbox"
          aria-label={listLabel}
          className={`absolute z-20 mt-1 max-h-64 overflow-auto rounded border border-slate-200 bg-white text-sm shadow ${listClassName}`}
        >
          {options.map((o, i) => (
            <li
              key={o.id || "none"}
              id={`${list}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault(); // keep the input's focus until the pick is made
                pick(o);
              }}
              className={`cursor-pointer truncate px-2 py-1 ${i === active ? "bg-indigo-100" : ""} ${o.muted ? "text-slate-600" : ""}`}
            >
              {o.label}
            </li>
          ))}
          {searching && <li className="px-2 py-1 text-slate-600">Searching…</li>}
          {!searching && emptyText && <li className="px-2 py-1 text-slate-600">{emptyText}</li>}
        </ul>
      )}
    </>
  );
}
