/** The look of a text field in a form. */
export const fieldClass = "mt-1 w-full rounded border border-slate-300 px-3 py-1.5";
