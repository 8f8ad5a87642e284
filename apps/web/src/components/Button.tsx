import type { ButtonHTMLAttributes } from "react";

/** The looks a button takes in this app; links styled as buttons use `buttonClass`. */
export type ButtonVariant = "primary" | "secondary" | "danger" | "dangerQuiet" | "quiet";
export type ButtonSize = "sm" | "md";

const BASE =
  "inline-flex items-center justify-center gap-1 rounded focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-50";
const VARIANTS: Record<ButtonVariant, string> = {
  primary: "bg-indigo-600 font-medium text-white hover:bg-indigo-700",
  secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-100",
  danger: "bg-red-600 font-medium text-white hover:bg-red-700",
  dangerQuiet: "text-red-700 hover:bg-red-50",
  quiet: "text-slate-700 hover:bg-slate-100",
};
const SIZES: Record<ButtonSize, string> = { sm: "px-2 py-1 text-sm", md: "px-3 py-1.5 text-sm" };

export function buttonClass({
  variant = "secondary",
  size = "md",
  className = "",
}: { variant?: ButtonVariant; size?: ButtonSize; className?: string } = {}): string {
  return `${BASE} ${VARIANTS[variant]} ${SIZES[size]} ${className}`.trim();
}

/** A button; `type` defaults to "button" so one placed in a form never submits it by accident. */
export function Button({
  variant,
  size,
  className,
  type = "button",
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; size?: ButtonSize }) {
  return <button type={type} className={buttonClass({ variant, size, className })} {...rest} />;
}
