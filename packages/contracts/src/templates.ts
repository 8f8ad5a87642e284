/** Example descriptions a person can build with one click: each a real build, and a model of how to say one. */
export const TEMPLATES = [
  {
    title: "Salon appointments",
    text: "Track clients with a name, a phone and an email. Track appointments with a date and time, a price and a service: cut, colour or blowout. Each appointment belongs to a client. Show appointments on a calendar.",
  },
  {
    title: "Tasks by priority",
    text: "Track tasks with a title, a due date, a done checkbox and a priority: low, medium or high. Show tasks on a board by priority.",
  },
  {
    title: "Stock and suppliers",
    text: "Track products with a name, a SKU, a quantity and a price. Track suppliers with a name and an email. Each product belongs to a supplier. Show a chart of quantity by supplier.",
  },
  {
    title: "Reading list",
    text: "Track books with a title, an author, a rating out of 5 and a status: to read, reading or finished. Show books on a board by status.",
  },
] as const;
