// Expand an iCalendar file (stdin) with ical.js, a second independent parser.
// Prints JSON: [[uid, start (unix seconds), summary, tzid], ...] up to the date argument.
// ical.js has no zone database: it must use the file's VTIMEZONE blocks.
// Exit code 3: ical.js is not installed (the Python test then skips).
import { createRequire } from "node:module";

const base = process.env.MENTORLOG_ICALJS_DIR || process.cwd();
let ICAL;
try {
  const loaded = createRequire(`${base}/index.js`)("ical.js");
  ICAL = loaded.default || loaded;
} catch {
  process.exit(3);
}
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const limit = ICAL.Time.fromDateString(process.argv[process.argv.length - 1]);
const calendar = new ICAL.Component(ICAL.parse(Buffer.concat(chunks).toString("utf8")));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtimezone);
}
const masters = new Map();
const exceptions = [];
for (const vevent of calendar.getAllSubcomponents("vevent")) {
  // exceptions: [] so that ical.js does not relate every RECURRENCE-ID of the file to this
  // event, whatever its UID (a calendar of several partnerships has several series)
  const event = new ICAL.Event(vevent, { strictExceptions: true, exceptions: [] });
  if (event.isRecurrenceException()) exceptions.push(event);
  else masters.set(event.uid, event);
}
for (const exception of exceptions) masters.get(exception.uid).relateException(exception);
const out = [];
for (const event of masters.values()) {
  if (event.startDate.isDate) continue;
  if (!event.isRecurring()) {
    if (event.component.getFirstPropertyValue("status") === "CANCELLED") continue;
    out.push([event.uid, event.startDate.toUnixTime(), event.summary, event.startDate.zone.tzid]);
    continue;
  }
  const iterator = event.iterator();
  for (let next = iterator.next(); next && next.compare(limit) <= 0; next = iterator.next()) {
    const details = event.getOccurrenceDetails(next);
    out.push([event.uid, details.startDate.toUnixTime(), details.item.summary,
      details.startDate.zone.tzid]);
  }
}
console.log(JSON.stringify(out));
