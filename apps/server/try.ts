import { parse } from "./src/modules/builder/builtin/parse.js";
import { applyOps } from "./src/modules/builder/builtin/apply.js";
import { AppSpec } from "@vta/contracts";
const texts = process.argv.slice(2);
let spec: any = null;
for (const t of texts) {
  const ops = parse(t, spec ? spec.entities.map((e: any) => e.name.replace(/([A-Z])/g, " $1").toLowerCase()) : []);
  console.log(JSON.stringify(ops));
  const r = applyOps(spec, ops, t);
  spec = r.spec;
  const v = AppSpec.safeParse(spec);
  if (!v.success) console.log("INVALID", v.error.issues);
  console.log(spec.name, "|", spec.entities.map((e: any) => `${e.name}{${e.fields.map((f: any) => `${f.name}:${f.type}${f.options ? "[" + f.options.join("/") + "]" : ""}${f.ref ? "->" + f.ref : ""}${f.required ? "!" : ""}`).join(", ")}}`).join(" "), "| views:", spec.views.map((v: any) => `${v.entity}:${v.type}${v.groupBy ? "/" + v.groupBy : ""}${v.dateField ? "/" + v.dateField : ""}`).join(" "));
  console.log("goals:", r.goals.length, "skipped:", r.skipped, "changes:", r.changes.join("; "));
}
