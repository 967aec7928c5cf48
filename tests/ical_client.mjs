// Reads .ics files with Mozilla's ical.js, a strict client (unlike Python's
// icalendar it rejects events without UID or DTSTAMP), and prints one JSON line
// per event: file, uid, start, end, status, summary, location, sequence, description.
import ICAL from "ical.js";
import fs from "node:fs";

for (const file of process.argv.slice(2)) {
  const calendar = new ICAL.Component(ICAL.parse(fs.readFileSync(file, "utf8")));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    for (const required of ["uid", "dtstamp", "dtstart"]) {
      if (!vevent.hasProperty(required)) throw new Error(`${file}: an event has no ${required.toUpperCase()}`);
    }
    const event = new ICAL.Event(vevent);
    console.log(JSON.stringify({
      file: file.split("/").pop(), uid: event.uid, start: event.startDate.toString(),
      end: event.endDate.toString(), status: vevent.getFirstPropertyValue("status"), summary: event.summary,
      location: event.location,
      sequence: vevent.getFirstPropertyValue("sequence"), description: event.description,
    }));
  }
}
