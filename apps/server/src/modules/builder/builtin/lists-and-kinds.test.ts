import { describe, expect, it } from "vitest";
import { interpret } from "./engine.js";

const tasks = interpret("Track tasks with a title, a due date, a paid checkbox and a status which can be open or done.", null, []).applied
  .spec;
const listsAfter = (text: string) => {
  const plan = interpret(text, tasks, []);
  return { lists: plan.applied.spec.views.filter((v) => v.filters), unclear: plan.requirements.unclear.map((u) => u.hint) };
};

describe("lists asked for by what they show", () => {
  it("reads options, a yes/no and a period of the due date", () => {
    expect(listsAfter("show me open tasks due this week").lists).toEqual([
      {
        id: "taskList",
        type: "table",
        entity: "task",
        title: "Open tasks due this week",
        filters: [
          { field: "dueDate", op: "within", value: "thisWeek" },
          { field: "status", op: "in", value: ["open"] },
        ],
      },
    ]);
    expect(listsAfter("a list of unpaid tasks").lists[0]?.filters).toEqual([{ field: "paid", op: "is", value: false }]);
    expect(listsAfter("I want to see overdue tasks").lists[0]?.filters).toEqual([{ field: "dueDate", op: "within", value: "overdue" }]);
    expect(listsAfter("show tasks that are done").lists[0]?.filters).toEqual([{ field: "status", op: "in", value: ["done"] }]);
  });

  it("says so when the words name nothing the entity has, and takes plain lists as no list", () => {
    const urgent = listsAfter("show me urgent tasks");
    expect(urgent.lists).toEqual([]);
    expect(urgent.unclear.join()).toMatch(/"urgent" names nothing tasks have/);
    expect(listsAfter("show me the tasks").lists).toEqual([]);
  });

  it("comes with a description too, and goes when the field it filters by is removed", () => {
    const spec = interpret(
      "I run a bakery. I need to keep track of orders with the customer name, pickup date and whether they paid. Show me unpaid orders.",
      null,
      [],
    ).applied.spec;
    expect(spec.views.find((v) => v.filters)).toMatchObject({
      title: "Unpaid orders",
      filters: [{ field: "paid", op: "is", value: false }],
    });
    const after = interpret("remove the paid field", spec, []).applied.spec;
    expect(after.views.some((v) => v.filters)).toBe(false);
  });
});

describe("ratings, percentages, durations and tags in a description", () => {
  const fields = (text: string) =>
    interpret(text, null, []).applied.spec.entities.flatMap((e) =>
      e.fields.map((f) => `${e.name}.${f.name}:${f.type}${f.max ? `/${f.max}` : ""}`),
    );

  it("knows a rating and its scale, a percentage and a length of time", () => {
    expect(fields("Track movies with a title, a rating out of 10 and the runtime.")).toEqual([
      "movie.title:text",
      "movie.rating:rating/10",
      "movie.runtime:duration",
    ]);
    expect(fields("Track projects with a name, a completion percentage and hours spent.")).toEqual([
      "project.name:text",
      "project.completionPercentage:percent",
      "project.hoursSpent:duration",
    ]);
    expect(fields("Keep books with a title and stars.")).toEqual(["book.title:text", "book.stars:rating"]);
  });

  it("knows tags, with their choices or free", () => {
    const spec = interpret("Track support tickets with a subject and tags like urgent, billing or bug.", null, []).applied.spec;
    expect(spec.entities[0]!.fields[1]).toMatchObject({ name: "tags", type: "tags", options: ["urgent", "billing", "bug"] });
    expect(fields("Track recipes with a name and tags.")).toEqual(["recipe.name:text", "recipe.tags:tags"]);
  });

  it("knows what the app fills in itself: a number, when a record was added, when it last changed", () => {
    expect(fields("Track invoices with an auto number, a client, an amount, the date created and the last updated time.")).toEqual([
      "invoice.autoNumber:autoNumber",
      "invoice.client:text",
      "invoice.amount:currency",
      "invoice.dateCreated:createdTime",
      "invoice.lastUpdatedTime:updatedTime",
    ]);
  });
});
